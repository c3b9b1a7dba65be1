#include "run/run_info.hpp"

// The transformers' own definition: the id recorded for a run is the one
// they name its objects with, and cannot drift from it.
#include "common/run_scope.hpp"

namespace taps::host {

namespace {

// Workers started by out-of-process executors search the same directories.
std::string joined(const std::vector<PluginDirectory>& dirs) {
  std::string text;
  for (const auto& dir : dirs) {
    text += (text.empty() ? "" : ":") + std::filesystem::absolute(dir.path).lexically_normal().string();
  }
  return text;
}

}  // namespace

std::string run_id_of(const std::filesystem::path& run_dir) {
  return transformers::run_id_of(std::filesystem::absolute(run_dir).string());
}

RunInfo::RunInfo(const std::filesystem::path& run_dir, const std::filesystem::path& config_file,
                 const std::vector<PluginDirectory>& search_path)
    : run_dir_(std::filesystem::absolute(run_dir).string()),
      config_file_(std::filesystem::absolute(config_file).string()),
      worker_program_(executable_path().string()),
      plugin_path_(joined(search_path)) {
  info_.struct_size = sizeof(taps_run_info);
  info_.run_dir = run_dir_.c_str();
  info_.worker_program = worker_program_.c_str();
  info_.plugin_path = plugin_path_.c_str();
  info_.config_file = config_file_.c_str();
}

void RunInfo::provide_to(HostServices& services) const { services.provide(TAPS_INTERFACE_RUN, &info_); }

}  // namespace taps::host
