// resolved_config.hpp — the configuration of one run, merged and validated.
//
//   std::vector<ConfigLayer> layers{read_config_file("a.toml"), command_line};
//   ResolvedConfig config = resolve_config(layers, registry);
//   config.plugin(Section::executor)->name;             // "thread-pool"
//   config.value(Section::run, "dir_format");           // always set: defaults filled in
//
// Every option of every selected plugin is present (defaults included),
// except options without a default that nobody set. Values are canonical
// text (option_value.hpp). Written out by to_toml() it is the run's
// config.toml, which replays the same run.
#pragma once

#include "config/config_layer.hpp"
#include "config/section.hpp"
#include "plugins/registry.hpp"

#include <taps/taps.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace taps::host {

struct ResolvedOption {
  std::string key;
  taps_option_type type = TAPS_OPTION_STRING;
  std::string value;
  /// "default", or where the user set it.
  std::string origin;
};

struct ResolvedSection {
  Section section = Section::app;
  /// The selected plugin; nullptr for [logging] and [run] and for a plugin
  /// table the user set to "none".
  const PluginRecord* plugin = nullptr;
  /// In schema order.
  std::vector<ResolvedOption> options;

  const ResolvedOption* find(std::string_view key) const;
};

struct ResolvedConfig {
  /// In the order of all_sections(). An optional plugin table is absent
  /// when nothing selects it, and present with plugin == nullptr when the
  /// user deselected a default ("none").
  std::vector<ResolvedSection> sections;
  /// Things worth a line in the log, e.g. options dropped because a later
  /// layer selected another plugin for their table.
  std::vector<std::string> notes;
  /// Things worth a WARNING line, e.g. a file written by another major
  /// version of TaPS.
  std::vector<std::string> warnings;
  /// The `version` the config files recorded (the last one that has it),
  /// empty when none did.
  std::string file_version;
  /// The plugin directories searched besides taps-host's own (--plugin-path,
  /// TAPS_PLUGIN_PATH, a replayed file's [plugins] path), absolute: what
  /// config.toml records so that a replay finds an out-of-tree plugin.
  std::vector<std::string> plugin_dirs;

  const ResolvedSection* section(Section section) const;
  /// The selected plugin of a table, or nullptr.
  const PluginRecord* plugin(Section section) const;
  /// The canonical value of an option; "" when unset.
  std::string value(Section section, std::string_view key) const;
};

/// For a run every selection must resolve; for `run --help` only those the
/// user made (no app yet, a default plugin that is not installed, are fine).
enum class SelectionPurpose { run, help };

/// The plugin each plugin table selects once `layers` are merged (nullptr:
/// none). Throws ConfigError for an unknown plugin, listing those that
/// exist, and for a missing app.
std::map<Section, const PluginRecord*> select_plugins(const std::vector<ConfigLayer>& layers,
                                                      const PluginRegistry& registry,
                                                      SelectionPurpose purpose = SelectionPurpose::run);

/// Merges and validates. Throws ConfigError for anything wrong, naming
/// where it was written, the option, the value and what is allowed; every
/// unknown table, key and option of every layer is listed in one message.
/// Options written in the reference's spelling are translated to ours
/// (reference_spellings.hpp).
ResolvedConfig resolve_config(const std::vector<ConfigLayer>& layers, const PluginRegistry& registry);

/// One plugin table: `values` (snake_case keys) checked against `plugin`'s
/// schema, defaults filled in. Throws ConfigError naming the key. Also what
/// the app loader (taps.apps/1) validates a wrapped app's options with.
ResolvedSection resolve_section(Section section, const PluginRecord* plugin,
                                const std::map<std::string, RawValue>& values);

/// "available executors: a, b", or where none were found and how to fix it.
std::string available_plugins(const PluginRegistry& registry, taps_plugin_kind kind);

}  // namespace taps::host
