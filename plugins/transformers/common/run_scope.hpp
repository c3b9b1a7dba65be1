// run_scope.hpp — what a transformer instance knows about the run it serves:
// a name shared by the client and every worker of the run, and whether this
// process owns the run's stored objects.
//
// The client (taps-host run) and its workers (taps-host worker, possibly on
// other machines) each create their own transformer instance. Objects one
// side stores the other side resolves, so both must agree on where the
// run's objects live, and exactly one side deletes them at shutdown: the
// client, whose engine decides when an object is no longer needed. Workers
// only add objects.
#pragma once

#include <taps/host.hpp>
#include <taps/taps.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

namespace taps::transformers {

/// 64-bit FNV-1a: a stable, short fingerprint of a run directory's path.
inline std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

inline std::string hex64(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

/// The run's namespace for a run directory: what the client and its workers
/// both compute, since every one of them is told the same run directory.
inline std::string run_id_of(std::string_view run_dir) { return hex64(fnv1a64(run_dir)); }

struct RunScope {
  /// 16 hex digits naming the run's objects.
  std::string id;
  /// True in the client: it deletes every object of the run at shutdown.
  bool owner = true;
  /// The run directory; empty when the host runs no run (a benchmark or a
  /// test loading the plugin on its own).
  std::string run_dir;

  /// The client is the process that offers the engine to apps; a worker
  /// sees the run (taps.run/1) but has no engine. Without a run, the
  /// instance is alone: it gets a namespace of its own and owns it.
  static RunScope of(const Host& host) {
    RunScope scope;
    const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
    if (run != nullptr && run->run_dir != nullptr && run->run_dir[0] != '\0') {
      scope.run_dir = run->run_dir;
      scope.id = run_id_of(scope.run_dir);
      scope.owner = host.interface<void>(TAPS_INTERFACE_ENGINE) != nullptr;
    } else {
      scope.id = hex64(std::random_device{}() * 0x100000000ULL + std::random_device{}());
      scope.owner = true;
    }
    return scope;
  }
};

}  // namespace taps::transformers
