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
//
// The reference's config.toml also has a top-level `version` (recorded,
// compared by resolve_config()) and `task_record_file_name` in [engine].
#pragma once

#include "config/config_layer.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace taps::host {

/// Reads one config file. Throws ConfigError (unreadable, invalid TOML)
/// with the file and line. Unknown tables and keys are collected in the
/// layer (ConfigLayer::unknown_fields) for resolve_config() to refuse.
ConfigLayer read_config_file(const std::filesystem::path& file);

/// The same from text; `source` names it in messages.
ConfigLayer parse_config_text(std::string_view text, const std::string& source);

/// "[app], [engine.executor], ...": the tables a file may hold.
std::string known_config_tables();

}  // namespace taps::host
