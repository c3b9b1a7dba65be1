// injection.hpp — what an injected task is told: the first argument of
// every task the failures app submits in place of a chosen one.
#pragma once

#include "failure_type.hpp"

#include <taps/codec.hpp>

#include <cstdint>
#include <string>

namespace taps::failures {

struct Injection {
  FailureType type = FailureType::failure;
  /// The task it stands in for, "synthetic.noop": for the exception message.
  std::string replaces;
  /// memory: bytes the task may allocate before it fails.
  std::int64_t memory_limit = 0;
  /// timeout: seconds the task sleeps at most, waiting for the executor to
  /// stop it, before it gives up and says so.
  double sleep_limit = 0;
  /// taps-host's pid on the client: a kill never targets it.
  std::int64_t client_pid = 0;
};

}  // namespace taps::failures

template <>
struct taps::Codec<taps::failures::Injection> {
  static constexpr const char* type = "failures.injection";
  static void encode(Writer& w, const taps::failures::Injection& i) {
    w.put(static_cast<std::uint32_t>(i.type));
    w.put(i.replaces);
    w.put(i.memory_limit);
    w.put(i.sleep_limit);
    w.put(i.client_pid);
  }
  static taps::failures::Injection decode(Reader& r) {
    taps::failures::Injection i;
    const auto type = r.get<std::uint32_t>();
    if (type >= static_cast<std::uint32_t>(taps::failures::FailureType::random)) {
      throw DecodeError("failures.injection: unknown failure type " + std::to_string(type));
    }
    i.type = static_cast<taps::failures::FailureType>(type);
    i.replaces = r.get<std::string>();
    i.memory_limit = r.get<std::int64_t>();
    i.sleep_limit = r.get<double>();
    i.client_pid = r.get<std::int64_t>();
    return i;
  }
};
