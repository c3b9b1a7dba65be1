#include "run/run_info.hpp"

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
