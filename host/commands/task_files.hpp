// task_files.hpp — `taps-host worker --stage-task-files DIR`: the files a
// lean task process needs, gathered on the client (run/task_manifest.hpp).
#pragma once

#include "config/resolved_config.hpp"
#include "plugins/registry.hpp"

#include <filesystem>

namespace taps::host {

/// Fills `dir` (created if missing) with symlinks to `taps-task` (beside
/// this executable), the run's config.toml, every app plugin library of
/// `registry` and the libraries of the transformer and filter `config`
/// selects, and writes task.manifest naming them. Throws ConfigError when
/// taps-task is not installed, std::runtime_error when `dir` cannot be
/// written.
void stage_task_files(const ResolvedConfig& config, const PluginRegistry& registry,
                      const std::filesystem::path& config_file, const std::filesystem::path& dir);

}  // namespace taps::host
