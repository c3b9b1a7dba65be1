#include "commands/worker_run.hpp"

#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/plugin_config.hpp"
#include "run/plugin_start.hpp"

#include <taps/error.hpp>
#include <taps/plugin.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <stdexcept>

namespace taps::host {

WorkerRun::WorkerRun(HostServices& services, const PluginRegistry& registry)
    : services_(services), registry_(registry) {
  provide_worker_interface();
}

WorkerRun::~WorkerRun() = default;

void WorkerRun::provide_worker_interface() {
  static const taps_worker_host worker_api{sizeof(taps_worker_host), &WorkerRun::execute_encoded,
                                           &WorkerRun::attach_run};
  services_.provide(TAPS_INTERFACE_WORKER, &worker_api, this);
}

void WorkerRun::attach(const std::filesystem::path& config_file, const std::optional<std::string>& config_text) {
  if (config_) throw ConfigError("worker: a run is already attached (" + config_file_.string() + ")");
  const std::filesystem::path file = std::filesystem::absolute(config_file);
  if (!config_text && !std::filesystem::exists(file)) {
    throw ConfigError("worker: config file " + file.string() + " does not exist");
  }
  attach(file, resolve_config({config_text ? parse_config_text(*config_text, file.string()) : read_config_file(file)},
                              registry_));
}

void WorkerRun::attach(const std::filesystem::path& config_file, ResolvedConfig config) {
  if (config_) throw ConfigError("worker: a run is already attached (" + config_file_.string() + ")");
  const std::filesystem::path file = std::filesystem::absolute(config_file);
  // The run directory is where its config.toml lives. Kept from here on:
  // plugins created below may hold the taps.run/1 pointer.
  run_info_ = std::make_unique<RunInfo>(file.parent_path(), file, registry_.search_path());
  run_info_->provide_to(services_);
  auto runner = std::make_unique<TaskRunner>(
      services_,
      [this](const std::string& plugin, const std::string& function) {
        return registry_.find_function(plugin, function);
      },
      start_plugin(config, Section::transformer, services_), start_plugin(config, Section::filter, services_));
  // The runner registers a taps.worker/1 of its own (without attach_run);
  // this process keeps offering ours, which forwards to the runner.
  provide_worker_interface();
  config_ = std::move(config);
  runner_ = std::move(runner);
  config_file_ = file;
}

const ResolvedConfig& WorkerRun::config() const {
  if (!config_) throw std::logic_error("worker: no run attached");
  return *config_;
}

Bytes WorkerRun::execute(const std::uint8_t* message, std::size_t size) {
  if (!runner_) {
    throw Error("WorkerError", "this worker has no run attached yet: its executor must call attach_run first");
  }
  return runner_->execute(message, size);
}

taps_status WorkerRun::execute_encoded(const taps_host* host, const uint8_t* message, uint64_t size,
                                       taps_buffer* out_result, const taps_error_sink* err) {
  auto* services = static_cast<HostServices*>(host->context);
  auto* self = static_cast<WorkerRun*>(services->owner_of(TAPS_INTERFACE_WORKER));
  return detail::guard(err, TAPS_ERROR, [&] {
    *out_result = make_buffer(self->execute(message, static_cast<std::size_t>(size)), "taps.encoded-result");
  });
}

taps_status WorkerRun::attach_run(const taps_host* host, const char* config_file, const char* config_text,
                                  const taps_error_sink* err) {
  auto* services = static_cast<HostServices*>(host->context);
  auto* self = static_cast<WorkerRun*>(services->owner_of(TAPS_INTERFACE_WORKER));
  return detail::guard(err, TAPS_ERROR, [&] {
    if (config_file == nullptr || *config_file == '\0') {
      throw Error("ConfigError", "attach_run needs the run's config file");
    }
    try {
      self->attach(config_file, config_text != nullptr ? std::optional<std::string>(config_text) : std::nullopt);
    } catch (const ConfigError& e) {
      throw Error("ConfigError", e.what());
    } catch (const PluginStartError& e) {
      throw Error("PluginStartError", e.what());
    }
  });
}

void serve_executor(const ResolvedConfig& config, const HostServices& services,
                    const std::vector<std::string>& args) {
  const ResolvedSection* executor = config.section(Section::executor);
  if (executor == nullptr || executor->plugin == nullptr) throw ConfigError("worker: the config selects no executor");
  const auto* methods = static_cast<const taps_executor_methods*>(executor->plugin->descriptor->methods);
  if (methods->worker_main == nullptr) {
    throw ConfigError(fmt::format("worker: {} runs tasks in the client and has no worker side",
                                  executor->plugin->label()));
  }
  const PluginConfig executor_config(*executor);
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  taps::detail::ErrorCapture error;
  const auto sink = error.sink();
  const taps_status status = methods->worker_main(services.host(), executor_config.get(),
                                                  static_cast<uint32_t>(argv.size()), argv.data(), &sink);
  if (status != TAPS_OK) {
    throw std::runtime_error(fmt::format("worker {} of {} failed: {}", static_cast<long>(getpid()),
                                         executor->plugin->label(),
                                         error.set ? error.message : fmt::format("status {}", status)));
  }
}

}  // namespace taps::host
