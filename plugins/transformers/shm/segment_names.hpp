// segment_names.hpp — how the shm transformer names POSIX shared-memory
// segments, so that everything a run created can be found by name: by the
// run's client at shutdown, and by a later client when the run crashed.
//
//   /taps-<run id>-<object>   an object (made by the client or a worker)
//   /taps-<run id>-owner      the run's owner marker (see owner_marker.hpp)
//
// On Linux a segment /NAME is the file /dev/shm/NAME.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace taps::shm {

inline constexpr const char* segment_directory = "/dev/shm";
inline constexpr std::size_t run_id_length = 16;

/// File-name prefix in /dev/shm of every segment of a run.
inline std::string run_prefix(const std::string& run_id) { return "taps-" + run_id + "-"; }

inline std::string object_segment(const std::string& run_id, const std::string& object) {
  return "/" + run_prefix(run_id) + object;
}

inline std::string owner_segment(const std::string& run_id) { return "/" + run_prefix(run_id) + "owner"; }

/// The run id of a file in /dev/shm, if it is a taps segment.
inline std::optional<std::string> run_id_of_file(std::string_view file_name) {
  constexpr std::string_view head = "taps-";
  if (file_name.size() < head.size() + run_id_length + 2 || file_name.substr(0, head.size()) != head) {
    return std::nullopt;
  }
  const std::string_view id = file_name.substr(head.size(), run_id_length);
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  if (file_name[head.size() + run_id_length] != '-') return std::nullopt;
  return std::string(id);
}

}  // namespace taps::shm
