// command.hpp — the subcommands of taps-host and what they share.
#pragma once

#include <string>
#include <vector>

namespace taps::host {

/// Exit statuses of taps-host. A signal ends it with 128 + the signal.
enum ExitCode : int {
  exit_success = 0,
  /// The run failed: the app reported an error (a failed verification,
  /// say) or a plugin could not start.
  exit_run_failed = 1,
  /// A usage or configuration error; nothing was run.
  exit_usage = 2,
};

struct CommandContext {
  /// --plugin-path directories given before the subcommand.
  std::vector<std::string> plugin_paths;
  /// The arguments after the subcommand's name.
  std::vector<std::string> args;
  /// The whole command line, as recorded in environment.json.
  std::vector<std::string> command_line;
};

struct Command {
  const char* name;
  const char* synopsis;
  const char* summary;
  int (*run)(const CommandContext& context);
};

int run_command(const CommandContext& context);
int list_command(const CommandContext& context);
int describe_command(const CommandContext& context);
int worker_command(const CommandContext& context);
int report_command(const CommandContext& context);
int sweep_command(const CommandContext& context);
int clean_command(const CommandContext& context);

}  // namespace taps::host
