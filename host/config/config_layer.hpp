// config_layer.hpp — the settings of one source: a config file or the
// command line, before merging and validation.
//
// Layers merge in order, later ones winning: the config files in the order
// given, then the command line. Options a layer sets in a plugin table belong
// to the plugin that layer names there: when a later layer selects another
// plugin for the table, they are dropped (replaying a config.toml with
// another --engine.executor must not feed the old executor's options to the
// new one). Options in a layer that names no plugin apply to whichever
// plugin ends up selected.
#pragma once

#include "config/option_value.hpp"
#include "config/section.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace taps::host {

struct SectionValues {
  /// The plugin this layer selects for the table (`name`), if it does.
  std::optional<std::string> plugin;
  /// Where that selection was written, for messages.
  std::string plugin_origin;
  /// Option values by snake_case key.
  std::map<std::string, RawValue> values;
};

struct ConfigLayer {
  /// "a.toml" or "the command line".
  std::string source;
  std::map<Section, SectionValues> sections;
  /// The top-level `version` of a file: the version of the TaPS (ours or
  /// the reference) that wrote it; and where it was written.
  std::optional<std::string> version;
  std::string version_origin;
  /// Fields of a file the host does not know, as "a.toml:4: [engine] foo".
  /// resolve_config() refuses them all in one message: a file written by a
  /// newer TaPS must not run with some of its settings left out.
  std::vector<std::string> unknown_fields;
  /// [plugins] of a run's config.toml: the plugin directories the run
  /// searched besides taps-host's own (searched again on replay), and the
  /// "name version" of each table's plugin, by table ("engine.executor").
  std::vector<std::string> plugin_dirs;
  std::map<std::string, std::string> plugin_versions;
  std::string plugins_origin;
};

/// The plugin directories the layers recorded, in order: a replay searches
/// them after --plugin-path.
std::vector<std::string> recorded_plugin_dirs(const std::vector<ConfigLayer>& layers);

}  // namespace taps::host
