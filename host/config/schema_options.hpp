// schema_options.hpp — the `run` command line, derived from plugin schemas.
//
//   taps-host run --app synthetic --app.task-count 100 --engine.executor thread-pool
//
// Which options exist depends on which plugins are selected, so the command
// line is read twice with Boost.Program_options: first leniently, for the
// selections, --config and --plugin-path (parse_run_selection); then, once
// the selected plugins' schemas are known, strictly (parse_run_command_line),
// so an unknown option is an error naming the options that do exist. Keys
// are accepted with '-' or '_'.
#pragma once

#include "config/config_layer.hpp"
#include "plugins/registry.hpp"

#include <map>
#include <string>
#include <vector>

namespace taps::host {

/// The plugins selected per table once every layer is merged (see
/// select_plugins()); nullptr or absent: none.
using SelectedPlugins = std::map<Section, const PluginRecord*>;

struct RunSelection {
  std::vector<std::string> config_files;
  std::vector<std::string> plugin_paths;
  /// The plugin names given on the command line (--app NAME, ...), no values.
  ConfigLayer names;
  bool help = false;
};

/// First pass: reads the selections, --config, --plugin-path and --help and
/// leaves every other option for the second pass. Throws ConfigError.
RunSelection parse_run_selection(const std::vector<std::string>& args);

/// Second pass: every option, checked against the schemas of `selected`.
/// Returns the command line as the last config layer (selections and
/// values, values not yet validated). Throws ConfigError.
ConfigLayer parse_run_command_line(const std::vector<std::string>& args, const SelectedPlugins& selected);

/// `taps-host run --help`: the general options, then the options of each
/// selected plugin with types, defaults, ranges and units.
std::string run_help(const SelectedPlugins& selected);

/// One option as `describe` shows it:
/// "int, default 10, an integer >= 1 [tasks]. Number of tasks."
/// The help leaves out the type, which its value name shows already.
std::string option_summary(const taps_option_desc& option, bool with_type = true);

}  // namespace taps::host
