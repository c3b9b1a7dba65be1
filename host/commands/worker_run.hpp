// worker_run.hpp — the run a worker process serves, and the taps.worker/1
// interface over it.
//
// A worker started with `worker --config FILE` attaches its run at start. A
// rank of a parallel launch starts without one: its executor learns the run
// from rank 0 over its own transport and attaches it through
// taps_worker_host.attach_run. Either way the worker then has the run's
// taps.run/1 and the same transformer and filter as the client.
#pragma once

#include "config/resolved_config.hpp"
#include "engine/engine.hpp"
#include "plugins/registry.hpp"
#include "run/run_info.hpp"
#include "services/host_services.hpp"

#include <taps/taps.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace taps::host {

class WorkerRun {
 public:
  /// Registers taps.worker/1 with `services`; executing a task fails until a
  /// run is attached. Both arguments outlive the WorkerRun.
  WorkerRun(HostServices& services, const PluginRegistry& registry);
  WorkerRun(const WorkerRun&) = delete;
  WorkerRun& operator=(const WorkerRun&) = delete;
  ~WorkerRun();

  /// Attaches the run whose config.toml is `config_file`, read from
  /// `config_text` when given, else from the file. Throws ConfigError for a
  /// bad config and PluginStartError for a transformer or filter that
  /// cannot start; a second attach is an error.
  void attach(const std::filesystem::path& config_file, const std::optional<std::string>& config_text = {});
  /// The same with the file already read and resolved against the registry.
  void attach(const std::filesystem::path& config_file, ResolvedConfig config);

  /// The attached run's configuration; throws when none is attached.
  const ResolvedConfig& config() const;

  /// Executes one encoded task of the attached run.
  Bytes execute(const std::uint8_t* message, std::size_t size);

 private:
  static taps_status execute_encoded(const taps_host* host, const uint8_t* message, uint64_t size,
                                     taps_buffer* out_result, const taps_error_sink* err);
  static taps_status attach_run(const taps_host* host, const char* config_file, const char* config_text,
                                const taps_error_sink* err);
  void provide_worker_interface();

  HostServices& services_;
  const PluginRegistry& registry_;
  std::filesystem::path config_file_;
  std::optional<ResolvedConfig> config_;
  std::unique_ptr<RunInfo> run_info_;
  std::unique_ptr<TaskRunner> runner_;
};

/// Hands control to the worker side of the executor `config` selects
/// (taps_executor_methods.worker_main) with `args`, and returns when it
/// does. Throws ConfigError when the executor has no worker side and
/// std::runtime_error with the executor's reason when it fails.
void serve_executor(const ResolvedConfig& config, const HostServices& services, const std::vector<std::string>& args);

}  // namespace taps::host
