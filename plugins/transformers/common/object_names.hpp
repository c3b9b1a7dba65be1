// object_names.hpp — names for stored objects that no other process of the
// run, on this machine or another, can pick at the same time.
#pragma once

#include "common/run_scope.hpp"

#include <atomic>
#include <cstdint>
#include <random>
#include <string>

namespace taps::transformers {

/// A random token per instance (48 bits: a pid would repeat across
/// machines) and a counter.
class ObjectNames {
 public:
  ObjectNames() {
    std::random_device random;
    token_ = hex64((static_cast<std::uint64_t>(random()) << 32) | random()).substr(4);
  }

  std::string next() { return token_ + "-" + std::to_string(counter_.fetch_add(1, std::memory_order_relaxed)); }

 private:
  std::string token_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace taps::transformers
