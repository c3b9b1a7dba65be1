// command_options.hpp — the options `list` and `describe` share: a
// --plugin-path after the subcommand, --help, and positional arguments.
#pragma once

#include <string>
#include <vector>

namespace taps::host {

struct CommandOptions {
  std::vector<std::string> plugin_paths;
  std::vector<std::string> positionals;
  bool help = false;
};

/// Parses `args`, allowing at most `max_positionals` positional arguments.
/// Throws ConfigError.
CommandOptions parse_command_options(const std::vector<std::string>& args, int max_positionals);

}  // namespace taps::host
