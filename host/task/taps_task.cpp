// taps-task: runs one encoded task of a run and exits — the lean process a
// batch executor (workqueue) starts for every task.
//
//   taps-task MANIFEST TASK_IN RESULT_OUT
//
// `taps-host worker --task IN --result OUT` does the same, but first scans
// its plugin directory (reading and loading every plugin library there),
// parses and validates config.toml against every selected plugin, and links
// Boost.Program_options, TOML and the rest of the host: tens of
// milliseconds per task. Here the client has done all that once
// (`taps-host worker --stage-task-files`, run/task_manifest.hpp): this
// process reads the manifest, loads the transformer and filter it names and
// only the app plugin the task names, runs the task through the same
// TaskRunner, and writes the encoded result. A task that fails is a result;
// a process that cannot run it exits with status 1 and says why on stderr.
#include "config/resolved_config.hpp"
#include "engine/engine.hpp"
#include "plugins/plugin_path.hpp"
#include "plugins/registry.hpp"
#include "run/logging.hpp"
#include "run/plugin_start.hpp"
#include "run/run_info.hpp"
#include "run/task_manifest.hpp"
#include "run/worker_process.hpp"
#include "services/host_services.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace taps::host;

// A library the manifest names, loaded now; throws with the registry's reason.
const PluginRecord& load(PluginRegistry& registry, const fs::path& dir, taps_plugin_kind kind,
                         const TaskManifest::Library& library) {
  if (const PluginRecord* loaded = registry.find(kind, library.plugin)) return *loaded;
  registry.load_delivered(dir / library.file);
  if (const PluginRecord* record = registry.find(kind, library.plugin)) return *record;
  std::string why = "it does not provide that plugin";
  if (!registry.problems().empty()) why = registry.problems().back().message;
  throw std::runtime_error("cannot load plugin '" + library.plugin + "' from " + (dir / library.file).string() +
                           ": " + why);
}

PluginInstance start(PluginRegistry& registry, const fs::path& dir, Section section, taps_plugin_kind kind,
                     const std::optional<TaskManifest::Instance>& instance, const HostServices& services) {
  if (!instance) return {};
  ResolvedSection resolved;
  resolved.section = section;
  resolved.plugin = &load(registry, dir, kind, instance->library);
  for (const auto& [key, value] : instance->options) {
    resolved.options.push_back({key, TAPS_OPTION_STRING, value, "task manifest"});
  }
  return start_plugin(resolved, services);
}

int run_task(const fs::path& manifest_file, const std::string& task_file, const std::string& result_file) {
  const TaskManifest manifest = TaskManifest::read(manifest_file);
  const fs::path dir = fs::absolute(manifest_file).parent_path();
  HostServices services(make_console_logger(level_from_name(manifest.log_level)));
  // The run as plugins see it on the worker: its config.toml beside the
  // manifest, the manifest's directory as plugin path.
  const RunInfo run_info(dir, dir / manifest.config_file, {PluginDirectory{dir, "task manifest", true}});
  run_info.provide_to(services);
  PluginRegistry registry({});
  PluginInstance transformer =
      start(registry, dir, Section::transformer, TAPS_KIND_TRANSFORMER, manifest.transformer, services);
  PluginInstance filter = start(registry, dir, Section::filter, TAPS_KIND_FILTER, manifest.filter, services);
  // Only the app a task names is loaded, when it names it.
  auto resolver = [&](const std::string& plugin, const std::string& function) -> const taps_function_desc* {
    for (const auto& app : manifest.apps) {
      if (app.plugin == plugin) {
        load(registry, dir, TAPS_KIND_APP, app);
        return registry.find_function(plugin, function);
      }
    }
    return nullptr;
  };
  TaskRunner runner(services, resolver, std::move(transformer), std::move(filter));
  const taps::Bytes task = read_task_file(task_file);
  write_result_file(result_file, runner.execute(task.data(), task.size()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  die_with_parent();
  // The client handles the terminal's Ctrl-C; a batch system stops a task
  // by signalling its process group, which it may create too late (see
  // `taps-host worker`): lead our own.
  signal(SIGINT, SIG_IGN);
  setpgid(0, 0);
  keep_payload_memory_mapped();
  if (argc != 4) {
    std::fprintf(stderr, "usage: taps-task MANIFEST TASK_IN RESULT_OUT (started by executors, not by hand)\n");
    return 2;
  }
  try {
    return run_task(argv[1], argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "taps-task: error: %s\n", e.what());
    return 1;
  }
}
