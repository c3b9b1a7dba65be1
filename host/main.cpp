// taps-host: the command-line program of the Task Performance Suite.
//
//   taps-host [--plugin-path DIR]... COMMAND [ARGS]
//
// main() installs the termination handling (before any thread exists, see
// run/signals.hpp), reads the options that apply to every command, and
// hands the rest to the command.
#include "commands/command.hpp"
#include "commands/launched_rank.hpp"
#include "config/config_error.hpp"
#include "run/signals.hpp"
#include "run/worker_process.hpp"

#include <taps/taps.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

using taps::host::Command;

// New subcommands are one line here.
constexpr std::array commands{
    Command{"run", "run [--config FILE...] --app NAME [options]", "Run an app on the selected executor.",
            &taps::host::run_or_serve_rank},
    Command{"list", "list", "List the plugins found, and libraries that could not be used.", &taps::host::list_command},
    Command{"describe", "describe PLUGIN", "Show a plugin's options (PLUGIN is NAME or KIND/NAME).",
            &taps::host::describe_command},
    Command{"worker", "worker --config FILE [--task IN --result OUT] [-- ARGS]",
            "Run tasks for an out-of-process executor (started by executors, not by hand).",
            &taps::host::worker_command},
    Command{"report", "report [--out DIR] RUN_DIR...", "Statistics and figures from one run, or a table over several.",
            &taps::host::report_command},
    Command{"sweep", "sweep [--config FILE]... --vary KEY=V1,V2... [--repeat N]",
            "Run every combination of options, repeated, then report over them.", &taps::host::sweep_command},
    Command{"clean", "clean RUN_DIR...", "Remove what the transformer of a killed or crashed run left behind.",
            &taps::host::clean_command},
};

void print_usage(std::FILE* out) {
  fmt::print(out,
             "Usage: taps-host [--plugin-path DIR]... COMMAND [ARGS]\n\n"
             "The Task Performance Suite: runs benchmark apps on interchangeable executors, data\n"
             "transformers, filters and record loggers, each a plugin library loaded at run time.\n\n"
             "Commands:\n");
  for (const auto& command : commands) fmt::print(out, "  {:<45} {}\n", command.synopsis, command.summary);
  fmt::print(out,
             "\nOptions:\n"
             "  --plugin-path DIR   Look for plugins in DIR first (repeatable). Then TAPS_PLUGIN_PATH\n"
             "                      (colon-separated), <bin>/../plugins and <bin>/../lib/taps/plugins.\n"
             "  --version           Print the versions of taps-host and its plugin ABI.\n"
             "  -h, --help          Show this help; COMMAND --help shows a command's.\n");
}

void error(const std::string& message) { fmt::print(stderr, "taps-host: error: {}\n", message); }

int dispatch(const std::vector<std::string>& args) {
  taps::host::CommandContext context;
  context.command_line = args;
  std::size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--plugin-path" || arg == "--plugin_path") {
      if (i + 1 == args.size()) throw taps::host::ConfigError("--plugin-path needs a directory");
      context.plugin_paths.push_back(args[++i]);
    } else if (arg.rfind("--plugin-path=", 0) == 0 || arg.rfind("--plugin_path=", 0) == 0) {
      context.plugin_paths.push_back(arg.substr(arg.find('=') + 1));
    } else if (arg == "-h" || arg == "--help") {
      print_usage(stdout);
      return taps::host::exit_success;
    } else if (arg == "--version") {
      fmt::print("taps-host {} (plugin ABI {}.{})\n", TAPS_VERSION, TAPS_ABI_MAJOR, TAPS_ABI_MINOR);
      return taps::host::exit_success;
    } else if (arg.rfind("-", 0) == 0) {
      throw taps::host::ConfigError(fmt::format(
          "unknown option '{}' before the command; command options go after it (taps-host run --help)", arg));
    } else {
      break;
    }
  }
  if (i == args.size()) {
    print_usage(stderr);
    return taps::host::exit_usage;
  }
  for (const auto& command : commands) {
    if (args[i] == command.name) {
      context.args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      return command.run(context);
    }
  }
  std::string names;
  for (const auto& command : commands) names += fmt::format("{}{}", names.empty() ? "" : ", ", command.name);
  throw taps::host::ConfigError(fmt::format("unknown command '{}'; the commands are: {}", args[i], names));
}

}  // namespace

int main(int argc, char** argv) {
  // Payload memory: see run/worker_process.hpp.
  taps::host::keep_payload_memory_mapped();
  taps::host::install_termination_handler();
  int status = taps::host::exit_success;
  try {
    status = dispatch(std::vector<std::string>(argv, argv + argc));
  } catch (const taps::host::ConfigError& e) {
    error(e.what());
    status = taps::host::exit_usage;
  } catch (const std::exception& e) {
    error(e.what());
    status = taps::host::exit_run_failed;
  }
  std::fflush(stdout);
  spdlog::shutdown();
  return status;
}
