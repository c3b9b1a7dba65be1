// env_vars.hpp — [run] env_vars: environment variables for the whole run.
#pragma once

#include <map>
#include <string>

namespace taps::host {

/// Parses the option's JSON object text (string, number or bool values).
/// Throws ConfigError naming the offending entry.
std::map<std::string, std::string> parse_env_vars(const std::string& json_object);

/// Sets them in this process; every process it starts inherits them. Called
/// before the engine and its executors start any thread or worker.
void apply_env_vars(const std::map<std::string, std::string>& vars);

}  // namespace taps::host
