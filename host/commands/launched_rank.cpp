#include "commands/launched_rank.hpp"

#include "commands/worker_run.hpp"
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/resolved_config.hpp"
#include "config/schema_options.hpp"
#include "plugins/plugin_path.hpp"
#include "plugins/registry.hpp"
#include "run/env_vars.hpp"
#include "run/logging.hpp"
#include "run/signals.hpp"
#include "services/host_services.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace taps::host {

namespace {

struct LaunchedRank {
  long rank = 0;
  const char* variable = nullptr;
};

// The rank a parallel launcher gave this process: Open MPI's mpirun, any
// PMIx launcher (srun --mpi=pmix, prterun), and PMI-1/2 launchers (MPICH's
// hydra, srun --mpi=pmi2). A process started by none of them is no rank.
std::optional<LaunchedRank> launched_rank() {
  for (const char* variable : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    char* end = nullptr;
    const long rank = std::strtol(value, &end, 10);
    if (*end == '\0' && rank >= 0) return LaunchedRank{rank, variable};
  }
  return std::nullopt;
}

int serve_as_rank(const CommandContext& context, const LaunchedRank& rank) {
  // Like any worker: the launcher and rank 0 handle the terminal's Ctrl-C.
  ignore_interrupts();
  // The same command line as rank 0's, resolved the same way: that is how
  // this rank knows the executor before it can talk to rank 0.
  const auto selection = parse_run_selection(context.args);
  if (selection.help) return exit_success;  // rank 0 prints it
  std::vector<ConfigLayer> layers;
  for (const auto& file : selection.config_files) layers.push_back(read_config_file(file));
  auto dirs = context.plugin_paths;
  dirs.insert(dirs.end(), selection.plugin_paths.begin(), selection.plugin_paths.end());
  const auto recorded = recorded_plugin_dirs(layers);
  dirs.insert(dirs.end(), recorded.begin(), recorded.end());
  PluginRegistry registry(plugin_search_path(dirs));
  auto with_names = layers;
  with_names.push_back(selection.names);
  layers.push_back(parse_run_command_line(context.args, select_plugins(with_names, registry)));
  const ResolvedConfig config = resolve_config(layers, registry);
  apply_env_vars(parse_env_vars(config.value(Section::run, "env_vars")));

  const PluginRecord* executor = config.plugin(Section::executor);
  const auto* methods =
      executor != nullptr ? static_cast<const taps_executor_methods*>(executor->descriptor->methods) : nullptr;
  if (methods == nullptr || methods->worker_main == nullptr) {
    throw ConfigError(fmt::format(
        "this taps-host is rank {} of a parallel launch ({}={}): rank 0 runs the app and the other ranks serve "
        "as its workers, but {} has no worker side; start a single taps-host, or select an executor that runs "
        "tasks on the launch's ranks",
        rank.rank, rank.variable, rank.rank, executor != nullptr ? executor->label() : "the selected executor"));
  }
  auto logger = make_console_logger(level_from_name(config.value(Section::logging, "level")));
  HostServices services(logger);
  WorkerRun run(services, registry);
  serve_executor(config, services, {"--launched-rank", std::to_string(rank.rank)});
  return exit_success;
}

}  // namespace

int run_or_serve_rank(const CommandContext& context) {
  const auto rank = launched_rank();
  if (!rank || rank->rank == 0) return run_command(context);
  return serve_as_rank(context, *rank);
}

}  // namespace taps::host
