// `taps-host worker`: the generic worker process.
//
//   taps-host [--plugin-path DIR]... worker --config RUN/config.toml [-- ARGS...]
//   taps-host [--plugin-path DIR]... worker --config RUN/config.toml --task IN --result OUT
//   taps-host [--plugin-path DIR]... worker --config RUN/config.toml --stage-task-files DIR
//
// It loads the plugins a run's config.toml selects, creates the transformer
// and filter the client uses (so identifiers resolve the same way), and
// executes encoded tasks through the same code as in-process execution.
// In the first form it hands control to the executor's worker side
// (worker_main) with ARGS: the executor's transport loop. In the second it
// executes one encoded task from a file and writes the encoded result to a
// file: what a batch system like Work Queue ships to a remote node. With
// --stage-task-files DIR it runs nothing and puts into DIR what the lean
// task program (taps-task) needs instead (run/task_manifest.hpp).
#include "commands/command.hpp"
#include "commands/task_files.hpp"
#include "commands/worker_run.hpp"
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/resolved_config.hpp"
#include "plugins/plugin_path.hpp"
#include "plugins/registry.hpp"
#include "run/logging.hpp"
#include "run/signals.hpp"
#include "run/worker_process.hpp"
#include "services/host_services.hpp"

#include <taps/error.hpp>
#include <taps/taps.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace taps::host {

namespace {

struct WorkerArgs {
  std::string config_file;
  std::optional<std::string> task_file;
  std::optional<std::string> result_file;
  std::optional<std::string> stage_dir;
  std::vector<std::string> executor_args;
};

WorkerArgs parse_worker_args(const std::vector<std::string>& args) {
  WorkerArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 == args.size()) throw ConfigError(fmt::format("worker: {} needs a value", arg));
      return args[++i];
    };
    if (arg == "--") {
      parsed.executor_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (arg == "--config") {
      parsed.config_file = value();
    } else if (arg == "--task") {
      parsed.task_file = value();
    } else if (arg == "--result") {
      parsed.result_file = value();
    } else if (arg == "--stage-task-files") {
      parsed.stage_dir = value();
    } else {
      throw ConfigError(fmt::format(
          "worker: unknown argument '{}'; usage: worker --config FILE [--task IN --result OUT | "
          "--stage-task-files DIR] [-- ARGS...]", arg));
    }
  }
  if (parsed.config_file.empty()) throw ConfigError("worker: --config FILE (a run's config.toml) is required");
  if (parsed.task_file.has_value() != parsed.result_file.has_value()) {
    throw ConfigError("worker: --task and --result go together");
  }
  if (parsed.stage_dir && parsed.task_file) throw ConfigError("worker: --stage-task-files runs no task");
  return parsed;
}

}  // namespace

int worker_command(const CommandContext& context) {
  die_with_parent();
  // The client handles the terminal's Ctrl-C and then closes our transport;
  // a worker interrupted on its own would only fail the task it runs.
  ignore_interrupts();
  const WorkerArgs args = parse_worker_args(context.args);
  // In file mode a batch system runs us and stops a task by signalling its
  // process group, which it creates from its side after fork(): that can
  // lose the race against our exec (work_queue_worker 9.9's does), and its
  // kill then reaches nobody. Leading our own group makes it reach us.
  if (args.task_file) setpgid(0, 0);
  if (!std::filesystem::exists(args.config_file)) {
    throw ConfigError("worker: config file " + args.config_file + " does not exist");
  }
  PluginRegistry registry(plugin_search_path(context.plugin_paths));
  ResolvedConfig config = resolve_config({read_config_file(args.config_file)}, registry);
  if (args.stage_dir) {
    stage_task_files(config, registry, args.config_file, *args.stage_dir);
    return exit_success;
  }
  auto logger = make_console_logger(level_from_name(config.value(Section::logging, "level")));
  HostServices services(logger);
  WorkerRun run(services, registry);
  run.attach(args.config_file, std::move(config));

  if (args.task_file) {
    write_result_file(*args.result_file, [&] {
      Bytes task = read_task_file(*args.task_file);
      return run.execute(task.data(), task.size());
    }());
    return exit_success;
  }

  log_host(*logger, spdlog::level::debug,
           fmt::format("worker {} serving {}", static_cast<long>(getpid()),
                       run.config().plugin(Section::executor) != nullptr
                           ? run.config().plugin(Section::executor)->label()
                           : std::string("no executor")));
  serve_executor(run.config(), services, args.executor_args);
  return exit_success;
}

}  // namespace taps::host
