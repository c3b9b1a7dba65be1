// config_file.hpp — TOML config files in the reference's layout.
//
//   [app]
//   name = "synthetic"
//   task_count = 100
//
//   [engine.executor]
//   name = "thread-pool"
//   max_workers = 4
//
//   [logging]
//   level = "INFO"
//
// Values keep their TOML type (int, float, bool, string, table); a string is
// read like command-line text, so `task_count = "100"` works too. Unknown
// tables are an error: a typo must not silently fall back to a default.
#pragma once

#include "config/config_layer.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace taps::host {

/// Reads one config file. Throws ConfigError (unreadable, invalid TOML,
/// unknown table) with the file and line.
ConfigLayer read_config_file(const std::filesystem::path& file);

/// The same from text; `source` names it in messages.
ConfigLayer parse_config_text(std::string_view text, const std::string& source);

}  // namespace taps::host
