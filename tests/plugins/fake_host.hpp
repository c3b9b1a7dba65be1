// fake_host.hpp — a minimal taps_host for running plugins without taps-host:
// logging into memory, the wall clock, and interfaces the test provides.
#pragma once

#include <taps/taps.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace taps::testing {

class FakeHost {
 public:
  FakeHost() : host_{sizeof(taps_host), TAPS_ABI_MAJOR, TAPS_ABI_MINOR, "test", this, &log, &now, &get_interface} {}
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  const taps_host* get() const { return &host_; }

  void provide(const std::string& id, const void* table) { interfaces_[id] = table; }

  std::vector<std::string> log_lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  static FakeHost& self(const taps_host* host) { return *static_cast<FakeHost*>(host->context); }

  static void log(const taps_host* host, taps_log_level, const char* logger, const char* message) {
    std::lock_guard lock(self(host).mutex_);
    self(host).lines_.push_back(std::string(logger) + ": " + message);
  }
  static double now(const taps_host*) {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  static const void* get_interface(const taps_host* host, const char* id) {
    auto it = self(host).interfaces_.find(id);
    return it == self(host).interfaces_.end() ? nullptr : it->second;
  }

  taps_host host_;
  std::map<std::string, const void*> interfaces_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace taps::testing
