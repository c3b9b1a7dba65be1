// compat_support.hpp — resolving and running configuration files of the
// corpus in tests/compat with the real plugins and the real taps-host.
#pragma once

#include "config/config_file.hpp"
#include "config/config_error.hpp"
#include "config/resolved_config.hpp"
#include "config/schema_options.hpp"
#include "host_run.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace taps::compat {

namespace fs = std::filesystem;

/// A file of the corpus: "written/synthetic.toml".
inline fs::path corpus(const std::string& name) { return fs::path(TAPS_COMPAT_DIR) / name; }

/// The project's plugins, as a run finds them.
inline const host::PluginRegistry& plugins() {
  static const host::PluginRegistry registry({{TAPS_PLUGIN_DIR, "--plugin-path", true}});
  return registry;
}

/// The configuration `taps-host run --config FILES... ARGS` would run.
inline host::ResolvedConfig resolve(const std::vector<fs::path>& files, const std::vector<std::string>& args = {}) {
  std::vector<host::ConfigLayer> layers;
  for (const auto& file : files) layers.push_back(host::read_config_file(file));
  auto with_names = layers;
  with_names.push_back(host::parse_run_selection(args).names);
  layers.push_back(host::parse_run_command_line(args, host::select_plugins(with_names, plugins())));
  return host::resolve_config(layers, plugins());
}

/// The ConfigError resolving them gives, or "no error".
inline std::string config_error(const std::vector<fs::path>& files, const std::vector<std::string>& args = {}) {
  try {
    resolve(files, args);
  } catch (const host::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

/// What a run means: every table's plugin and every option's value
/// (defaults included), without where each was written.
inline std::string meaning(const host::ResolvedConfig& config) {
  std::string out;
  for (const auto& section : config.sections) {
    out += "[" + std::string(host::section_info(section.section).table) + "] " +
           (section.plugin != nullptr ? section.plugin->name : std::string("none")) + "\n";
    for (const auto& option : section.options) out += option.key + " = " + option.value + "\n";
  }
  return out;
}

/// Runs the test body's resolving in `dir`, as taps-host started there
/// would (relative paths resolve against the working directory first).
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const fs::path& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;
  ~WorkingDirectory() { fs::current_path(previous_); }

 private:
  fs::path previous_;
};

/// `taps-host run ARGS` (or another subcommand) started in `dir`, with the
/// run directory wherever the configuration puts it (the reference's
/// runs/{name}_... under `dir`).
class RunIn {
 public:
  RunIn(const fs::path& dir, const std::string& args, const std::string& subcommand = "run") : dir_(dir) {
    const fs::path out = dir / "out.txt";
    const std::string command = "cd '" + dir.string() + "' && " TAPS_HOST_BINARY " --plugin-path " TAPS_PLUGIN_DIR
                                " " + subcommand + " " + args + " > '" + out.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    output_ = testing::read_text(out);
  }

  int exit_status() const { return exit_status_; }
  const std::string& output() const { return output_; }

  /// The run directory taps-host printed ("Run directory: ...").
  fs::path run_dir() const {
    const std::string marker = "Run directory: ";
    const auto at = output_.rfind(marker);
    if (at == std::string::npos) return {};
    const auto end = output_.find('\n', at);
    return fs::path(output_.substr(at + marker.size(), end - at - marker.size()));
  }

 private:
  fs::path dir_;
  int exit_status_ = -1;
  std::string output_;
};

}  // namespace taps::compat
