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
};

}  // namespace taps::host
