// logger_list.hpp — several record loggers in one run:
// `--engine.logger jsonl,chrome-trace` (name = "jsonl,chrome-trace" in
// [engine.logger]).
//
// The list stands in the configuration as one logger record whose options
// are those of every listed logger (the first listed wins a key two share),
// so resolving, validating, config.toml and `run --help` treat it like any
// logger; at start each listed logger gets its own keys.
#pragma once

#include "plugins/registry.hpp"

#include <string_view>
#include <vector>

namespace taps::host {

/// Whether a logger name is a comma-separated list.
bool is_logger_list(std::string_view name);

/// The record standing for the listed loggers, or nullptr when one of them
/// is not on the plugin path. Records live until the process ends.
const PluginRecord* logger_list(const PluginRegistry& registry, std::string_view names);

/// The loggers a list record stands for; {&record} for any other record.
std::vector<const PluginRecord*> listed_loggers(const PluginRecord& record);

}  // namespace taps::host
