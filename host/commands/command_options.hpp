// command_options.hpp — the options `list`, `describe` and `clean` share: a
// --plugin-path after the subcommand, --help, and positional arguments.
#pragma once

#include "commands/command.hpp"

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

/// The plugin directories to search: those given before the subcommand,
/// then those given after it.
std::vector<std::string> plugin_dirs(const CommandContext& context, const CommandOptions& options);

}  // namespace taps::host
