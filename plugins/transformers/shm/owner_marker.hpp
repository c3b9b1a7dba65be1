// owner_marker.hpp — the liveness marker of a run's shared memory.
//
// The client of a run owns every segment the run makes (workers' too) and
// unlinks them at shutdown. A client that crashes (kill -9, OOM) cannot;
// /dev/shm is memory, so its segments would stay until reboot. The owner
// therefore writes a marker segment saying who it is, and every client that
// starts later removes the segments of runs whose owner is gone.
//
// A pid alone is not enough to say "gone": pids are reused, so the marker
// also holds the process's start time; and a pid of another pid namespace
// (a container sharing /dev/shm) means nothing here, so such markers are
// left alone.
#pragma once

#include <optional>
#include <string>

namespace taps::shm {

struct OwnerMarker {
  long pid = 0;
  unsigned long long start_ticks = 0;  // /proc/PID/stat field 22
  std::string pid_namespace;           // readlink /proc/self/ns/pid
  std::string run_dir;                 // for the log of whoever removes the run's segments
};

/// This process as the owner of `run_dir`'s segments.
OwnerMarker this_process_as_owner(const std::string& run_dir);

std::string marker_text(const OwnerMarker& marker);

/// nullopt when the text is not a complete marker (for example, one being
/// written right now).
std::optional<OwnerMarker> parse_marker(const std::string& text);

enum class OwnerState { alive, gone, unknown };

/// Whether the marker's process still runs: `unknown` for a process of
/// another pid namespace.
OwnerState owner_state(const OwnerMarker& marker);

}  // namespace taps::shm
