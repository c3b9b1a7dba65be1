// run_info.hpp — the taps.run/1 interface of a process: where the run keeps
// its files and how a worker for it is started. Shared by `run` (the
// client) and `worker`, so every plugin sees the same facts in both.
#pragma once

#include "plugins/plugin_path.hpp"
#include "services/host_services.hpp"

#include <taps/taps.h>

#include <filesystem>
#include <string>
#include <vector>

namespace taps::host {

/// The run id of the run in `run_dir`: 16 hex digits that name what its
/// transformer stores (Redis keys KEY_PREFIX<id>:..., shm segments
/// /dev/shm/taps-<id>-..., payload directory taps-<id>). The client and its
/// workers derive it alike from the run directory's absolute path.
std::string run_id_of(const std::filesystem::path& run_dir);

/// Owns the strings a taps_run_info points to. Address-stable: plugins keep
/// the pointer, so it lives as long as the HostServices it is provided to.
class RunInfo {
 public:
  RunInfo(const std::filesystem::path& run_dir, const std::filesystem::path& config_file,
          const std::vector<PluginDirectory>& search_path);
  RunInfo(const RunInfo&) = delete;
  RunInfo& operator=(const RunInfo&) = delete;

  /// Registers the interface; call before any plugin is created.
  void provide_to(HostServices& services) const;

 private:
  std::string run_dir_;
  std::string config_file_;
  std::string worker_program_;
  std::string plugin_path_;
  taps_run_info info_{};
};

}  // namespace taps::host
