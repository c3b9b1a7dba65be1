// option_key.hpp — the two spellings of an option key.
//
// Schemas declare keys in snake_case ("task_count"); users may write them
// with '-' or '_' ("--app.task-count", "task-count = 3"). The command line
// shows the '-' spelling, files and the C config use the '_' one.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace taps::host {

/// "task_count" for "task-count" and for "task_count".
inline std::string normalize_key(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

/// "task-count": how the command line spells a key.
inline std::string cli_key(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

}  // namespace taps::host
