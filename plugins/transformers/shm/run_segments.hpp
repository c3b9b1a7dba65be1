// run_segments.hpp — all the segments of a run at once: removing a run's
// segments at shutdown (the workers' included, which the client never saw
// by name), and removing those of runs whose owner is gone.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace taps::shm {

/// Unlinks every segment of `run_id`, the owner marker last (so that a
/// concurrent sweep never takes a half-removed run for a live one's).
/// Returns how many were removed.
std::size_t remove_run_segments(const std::string& run_id);

/// A run whose segments were removed because its owner is gone.
struct AbandonedRun {
  std::string run_id;
  std::string reason;  // "owner pid 1234 is gone (run directory /...)"
  std::size_t segments = 0;
};

/// Removes the segments of every run but `own_run_id` whose owner process
/// has ended without removing them (a crash), and of runs that have no
/// owner marker at all once their segments are `grace_seconds` old (a
/// marker being written, or segments being removed, are not abandoned).
std::vector<AbandonedRun> remove_abandoned_runs(const std::string& own_run_id, double grace_seconds = 60);

}  // namespace taps::shm
