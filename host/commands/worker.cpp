// `taps-host worker`: the generic worker process.
//
//   taps-host [--plugin-path DIR]... worker --config RUN/config.toml [-- ARGS...]
//   taps-host [--plugin-path DIR]... worker --config RUN/config.toml --task IN --result OUT
//
// It loads the plugins a run's config.toml selects, creates the transformer
// and filter the client uses (so identifiers resolve the same way), and
// executes encoded tasks through the same code as in-process execution.
// In the first form it hands control to the executor's worker side
// (worker_main) with ARGS: the executor's transport loop. In the second it
// executes one encoded task from a file and writes the encoded result to a
// file: what a batch system like Work Queue ships to a remote node.
#include "commands/command.hpp"
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/plugin_config.hpp"
#include "config/resolved_config.hpp"
#include "engine/engine.hpp"
#include "plugins/plugin_path.hpp"
#include "plugins/registry.hpp"
#include "run/logging.hpp"
#include "run/plugin_start.hpp"
#include "run/run_info.hpp"
#include "run/signals.hpp"
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
    } else {
      throw ConfigError(fmt::format(
          "worker: unknown argument '{}'; usage: worker --config FILE [--task IN --result OUT] [-- ARGS...]", arg));
    }
  }
  if (parsed.config_file.empty()) throw ConfigError("worker: --config FILE (a run's config.toml) is required");
  if (parsed.task_file.has_value() != parsed.result_file.has_value()) {
    throw ConfigError("worker: --task and --result go together");
  }
  return parsed;
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read task file " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write result file " + path);
}

// A worker never outlives the process that started it, even while it is
// still loading plugins: the kernel kills it when its parent goes. When the
// starter says who it is (TAPS_WORKER_PARENT_PID), a parent that died
// before this line is caught too.
void die_with_parent() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (const char* expected = std::getenv("TAPS_WORKER_PARENT_PID")) {
    if (std::to_string(static_cast<long>(getppid())) != expected) _exit(exit_run_failed);
  }
}

}  // namespace

int worker_command(const CommandContext& context) {
  die_with_parent();
  // The client handles the terminal's Ctrl-C and then closes our transport;
  // a worker interrupted on its own would only fail the task it runs.
  ignore_interrupts();
  const WorkerArgs args = parse_worker_args(context.args);
  if (!std::filesystem::exists(args.config_file)) {
    throw ConfigError("worker: config file " + args.config_file + " does not exist");
  }
  PluginRegistry registry(plugin_search_path(context.plugin_paths));
  const ResolvedConfig config = resolve_config({read_config_file(args.config_file)}, registry);

  auto logger = make_console_logger(level_from_name(config.value(Section::logging, "level")));
  HostServices services(logger);
  // The run directory is where its config.toml lives.
  const std::filesystem::path config_file = std::filesystem::absolute(args.config_file);
  const RunInfo run_info(config_file.parent_path(), config_file, registry.search_path());
  run_info.provide_to(services);

  TaskRunner runner(
      services,
      [&registry](const std::string& plugin, const std::string& function) {
        return registry.find_function(plugin, function);
      },
      start_plugin(config, Section::transformer, services), start_plugin(config, Section::filter, services));

  if (args.task_file) {
    write_file(*args.result_file, [&] {
      Bytes task = read_file(*args.task_file);
      return runner.execute(task.data(), task.size());
    }());
    return exit_success;
  }

  const ResolvedSection* executor = config.section(Section::executor);
  if (executor == nullptr || executor->plugin == nullptr) throw ConfigError("worker: the config selects no executor");
  const auto* methods = static_cast<const taps_executor_methods*>(executor->plugin->descriptor->methods);
  if (methods->worker_main == nullptr) {
    throw ConfigError(fmt::format("worker: {} runs tasks in the client and has no worker side",
                                  executor->plugin->label()));
  }
  log_host(*logger, spdlog::level::debug,
           fmt::format("worker {} serving {}", static_cast<long>(getpid()), executor->plugin->label()));
  const PluginConfig executor_config(*executor);
  std::vector<const char*> argv;
  for (const auto& a : args.executor_args) argv.push_back(a.c_str());
  taps::detail::ErrorCapture error;
  const auto sink = error.sink();
  const taps_status status = methods->worker_main(services.host(), executor_config.get(),
                                                  static_cast<uint32_t>(argv.size()), argv.data(), &sink);
  if (status != TAPS_OK) {
    throw std::runtime_error(fmt::format("worker {} of {} failed: {}", static_cast<long>(getpid()),
                                         executor->plugin->label(),
                                         error.set ? error.message : fmt::format("status {}", status)));
  }
  return exit_success;
}

}  // namespace taps::host
