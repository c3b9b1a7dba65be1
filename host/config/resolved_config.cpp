#include "config/resolved_config.hpp"

#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/option_value.hpp"
#include "config/path_options.hpp"
#include "config/reference_plugins.hpp"
#include "config/reference_spellings.hpp"
#include "plugins/logger_list.hpp"
#include "plugins/option_key.hpp"
#include "plugins/plugin_kind.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

namespace taps::host {

namespace {

struct Selection {
  std::string name;
  std::string origin;
  bool is_default = false;
};

// The last layer that names a plugin for the table wins; else the table's
// default plugin; else nothing.
std::optional<Selection> final_selection(const std::vector<ConfigLayer>& layers, Section section) {
  std::optional<Selection> chosen;
  for (const auto& layer : layers) {
    auto it = layer.sections.find(section);
    if (it != layer.sections.end() && it->second.plugin) {
      chosen = Selection{*it->second.plugin, it->second.plugin_origin};
    }
  }
  const auto& info = section_info(section);
  if (!chosen && info.default_plugin != nullptr) {
    chosen = Selection{info.default_plugin, fmt::format("the default of [{}]", info.table), true};
  }
  return chosen;
}

std::string owner_of(Section section, const PluginRecord* plugin) {
  return plugin != nullptr ? plugin->label() : fmt::format("the [{}] table", section_info(section).table);
}

std::vector<const taps_option_desc*> schema_of(Section section, const PluginRecord* plugin) {
  if (plugin != nullptr) return plugin->options;
  std::vector<const taps_option_desc*> schema;
  for (const auto& option : host_options(section)) schema.push_back(&option);
  return schema;
}

std::string option_names(Section section, const std::vector<const taps_option_desc*>& schema, bool command_line) {
  if (schema.empty()) return "it has no options";
  std::string out = "its options are: ";
  for (std::size_t i = 0; i < schema.size(); ++i) {
    if (i > 0) out += ", ";
    out += command_line ? fmt::format("--{}.{}", section_info(section).table, cli_key(schema[i]->key))
                        : std::string(schema[i]->key);
  }
  return out;
}

// Merges one table's option values over the layers, dropping those of a
// layer that named another plugin for the table, and translating the
// reference's spellings to ours, and relative paths to absolute ones
// (path_options.hpp). A value a later layer overrides (or unsets:
// `max_size = inf`) lands in `overridden`: it is checked too.
using OverriddenValues = std::vector<std::pair<std::string, RawValue>>;

struct MergedSection {
  Section section = Section::app;
  const PluginRecord* plugin = nullptr;
  std::map<std::string, RawValue> values;
  OverriddenValues overridden;
};

MergedSection merged_section(const std::vector<ConfigLayer>& layers, Section section, const PluginRecord* plugin,
                             std::vector<std::string>& notes) {
  MergedSection out{section, plugin, {}, {}};
  const std::string selected = plugin != nullptr ? plugin->name : "";
  for (const auto& layer : layers) {
    auto it = layer.sections.find(section);
    if (it == layer.sections.end()) continue;
    const auto& values = it->second;
    if (values.plugin && *values.plugin != selected && !values.values.empty()) {
      notes.push_back(fmt::format("ignoring the [{}] options of {}: they are for '{}', this run uses '{}'",
                                  section_info(section).table, layer.source, *values.plugin, selected));
      continue;
    }
    for (const auto& [key, value] : values.values) {
      auto translated = plugin != nullptr ? translate_reference_value(section, *plugin, key, value)
                                          : TranslatedValue{key, value};
      if (translated.key.empty()) continue;
      if (translated.value && plugin != nullptr && is_path_option(section, *plugin, translated.key)) {
        translated.value = absolute_path_value(*translated.value);
      }
      if (auto old = out.values.find(translated.key); old != out.values.end()) {
        out.overridden.emplace_back(translated.key, std::move(old->second));
        out.values.erase(old);
      }
      if (translated.value) out.values[translated.key] = std::move(*translated.value);
    }
  }
  return out;
}

bool in_schema(const std::vector<const taps_option_desc*>& schema, const std::string& key) {
  return std::any_of(schema.begin(), schema.end(),
                     [&key](const taps_option_desc* option) { return normalize_key(option->key) == key; });
}

std::string unknown_option(Section section, const PluginRecord* plugin, const std::string& key,
                           const RawValue& value) {
  return fmt::format("{}: {} has no option '{}'; {}", value.origin, owner_of(section, plugin),
                     value.from_command_line ? cli_key(key) : key,
                     option_names(section, schema_of(section, plugin), value.from_command_line));
}

// Every key of every layer that no option of the table has.
void collect_unknown(const MergedSection& merged, std::vector<std::string>& unknown) {
  const auto schema = schema_of(merged.section, merged.plugin);
  for (const auto& [key, value] : merged.overridden) {
    if (!in_schema(schema, key)) unknown.push_back(unknown_option(merged.section, merged.plugin, key, value));
  }
  for (const auto& [key, value] : merged.values) {
    if (!in_schema(schema, key)) unknown.push_back(unknown_option(merged.section, merged.plugin, key, value));
  }
}

// Every layer is validated, not only the one that wins: a wrong-typed value
// in a file is a mistake the user wants to hear about even when the command
// line happens to set the same option.
void check_overridden(const MergedSection& merged) {
  const auto schema = schema_of(merged.section, merged.plugin);
  const std::string owner = owner_of(merged.section, merged.plugin);
  for (const auto& [key, value] : merged.overridden) {
    // An init-capture: clang 14 (the fuzz build) cannot capture a structured binding.
    const auto option = std::find_if(schema.begin(), schema.end(), [&wanted = key](const taps_option_desc* candidate) {
      return normalize_key(candidate->key) == wanted;
    });
    if (option != schema.end()) (void)canonical_value(**option, value, owner);
  }
}

// A replayed config.toml recorded the version of each plugin: a plugin
// found now with another version may not run the same experiment.
void check_plugin_versions(const std::vector<ConfigLayer>& layers, ResolvedConfig& config) {
  for (const auto& layer : layers) {
    for (const auto& [table, recorded] : layer.plugin_versions) {
      const auto section = section_for_table(table);
      const auto* plugin = section ? config.plugin(*section) : nullptr;
      if (plugin == nullptr || recorded.rfind(plugin->name + " ", 0) != 0) continue;
      const std::string version = recorded.substr(plugin->name.size() + 1);
      if (version == plugin->version) continue;
      config.warnings.push_back(fmt::format("{}: [plugins] recorded {} {}, this run loads version {} from {}",
                                            layer.plugins_origin, plugin->label(), version, plugin->version,
                                            plugin->file.string()));
    }
  }
}

std::vector<std::string> explicit_plugin_dirs(const PluginRegistry& registry) {
  std::vector<std::string> dirs;
  for (const auto& dir : registry.search_path()) {
    if (!dir.explicit_entry) continue;
    std::error_code ec;
    dirs.push_back(std::filesystem::absolute(dir.path, ec).lexically_normal().string());
  }
  return dirs;
}

std::string major_of(const std::string& version) { return version.substr(0, version.find('.')); }

// The reference warns when a config names another TaPS version; a major
// version apart, ours does too.
void check_versions(const std::vector<ConfigLayer>& layers, ResolvedConfig& config) {
  for (const auto& layer : layers) {
    if (!layer.version) continue;
    config.file_version = *layer.version;
    if (major_of(*layer.version) != major_of(TAPS_VERSION)) {
      config.warnings.push_back(
          fmt::format("{} = \"{}\": the file was written by TaPS {}, this is taps {} (another major version); "
                      "the run may not repeat the one the file describes",
                      layer.version_origin, *layer.version, *layer.version, TAPS_VERSION));
    }
  }
}

}  // namespace

ResolvedSection resolve_section(Section section, const PluginRecord* plugin,
                                const std::map<std::string, RawValue>& values) {
  const auto schema = schema_of(section, plugin);
  const std::string owner = owner_of(section, plugin);
  const auto& table = section_info(section).table;
  for (const auto& [key, value] : values) {
    const bool known = std::any_of(schema.begin(), schema.end(), [&wanted = key](const taps_option_desc* option) {
      return normalize_key(option->key) == wanted;
    });
    if (!known) {
      throw ConfigError(fmt::format("{}: {} has no option '{}'; {}", value.origin, owner,
                                    value.from_command_line ? cli_key(key) : key,
                                    option_names(section, schema, value.from_command_line)));
    }
  }

  ResolvedSection resolved;
  resolved.section = section;
  resolved.plugin = plugin;
  for (const auto* option : schema) {
    ResolvedOption out;
    out.key = option->key;
    out.type = option->type;
    if (auto it = values.find(normalize_key(option->key)); it != values.end()) {
      out.value = canonical_value(*option, it->second, owner);
      out.origin = it->second.origin;
    } else if (option->default_value != nullptr) {
      // A default that fails its own schema is the plugin's bug; say so.
      const std::string where = fmt::format("the default of option '{}' declared by {}{}", option->key, owner,
                                            plugin != nullptr ? " in " + plugin->file.string() : std::string());
      out.value = canonical_value(*option, RawValue::of_text(option->default_value, where, false), owner);
      out.origin = "default";
    } else if ((option->flags & TAPS_OPTION_REQUIRED) != 0) {
      throw ConfigError(
          fmt::format("{} needs option '{}' ({}): set --{}.{} on the command line or {} in [{}] "
                      "of a config file",
                      owner, option->key, option->description != nullptr ? option->description : "", table,
                      cli_key(option->key), option->key, table));
    } else {
      continue;
    }
    resolved.options.push_back(std::move(out));
  }
  return resolved;
}

namespace {

// A plugin the user expected may be among the libraries that failed to load.
std::string problems_note(const PluginRegistry& registry) {
  const auto count = registry.problems().size();
  if (count == 0) return {};
  return fmt::format(" ({} problem{} on the plugin path; taps-host list shows {})", count, count == 1 ? "" : "s",
                     count == 1 ? "it" : "them");
}

}  // namespace

const ResolvedOption* ResolvedSection::find(std::string_view key) const {
  const std::string wanted = normalize_key(key);
  for (const auto& option : options) {
    if (normalize_key(option.key) == wanted) return &option;
  }
  return nullptr;
}

const ResolvedSection* ResolvedConfig::section(Section id) const {
  for (const auto& s : sections) {
    if (s.section == id) return &s;
  }
  return nullptr;
}

const PluginRecord* ResolvedConfig::plugin(Section id) const {
  const auto* s = section(id);
  return s != nullptr ? s->plugin : nullptr;
}

std::string ResolvedConfig::value(Section id, std::string_view key) const {
  const auto* s = section(id);
  const auto* option = s != nullptr ? s->find(key) : nullptr;
  return option != nullptr ? option->value : std::string();
}

std::string available_plugins(const PluginRegistry& registry, taps_plugin_kind kind) {
  const auto plugins = registry.of_kind(kind);
  if (!plugins.empty()) {
    std::string names;
    for (const auto* plugin : plugins) names += (names.empty() ? "" : ", ") + plugin->name;
    return fmt::format("available {}: {}{}", kind_name_plural(kind), names, problems_note(registry));
  }
  std::string dirs;
  for (const auto& dir : registry.search_path()) dirs += (dirs.empty() ? "" : ", ") + dir.path.string();
  return fmt::format(
             "no {} were found on the plugin path ({}); point --plugin-path or TAPS_PLUGIN_PATH at the "
             "directory holding the plugin libraries (see taps-host list)",
             kind_name_plural(kind), dirs.empty() ? "empty" : dirs) +
         problems_note(registry);
}

std::map<Section, const PluginRecord*> select_plugins(const std::vector<ConfigLayer>& layers,
                                                      const PluginRegistry& registry, SelectionPurpose purpose) {
  std::map<Section, const PluginRecord*> selected;
  for (const auto& info : all_sections()) {
    if (!selects_plugin(info.id)) continue;
    auto selection = final_selection(layers, info.id);
    if (!selection) {
      if (info.id == Section::app && purpose == SelectionPurpose::run) {
        throw ConfigError("no app selected: use --app NAME or name = \"...\" in the [app] table of a config file; " +
                          available_plugins(registry, TAPS_KIND_APP));
      }
      continue;
    }
    if (selection->name == no_plugin) {
      if (!info.optional) {
        throw ConfigError(fmt::format("{}: a run needs an {}; {}", selection->origin, kind_name(info.kind),
                                      available_plugins(registry, info.kind)));
      }
      selected[info.id] = nullptr;
      continue;
    }
    const PluginRecord* plugin = registry.find(info.kind, selection->name);
    if (plugin == nullptr && info.kind == TAPS_KIND_LOGGER && is_logger_list(selection->name)) {
      plugin = logger_list(registry, selection->name);
    }
    if (plugin == nullptr && selection->is_default && purpose == SelectionPurpose::help) continue;
    if (plugin == nullptr) {
      if (auto advice = reference_plugin_advice(info.kind, selection->name)) {
        throw ConfigError(fmt::format("{}: {}", selection->origin, *advice));
      }
      throw ConfigError(fmt::format("{}: unknown {} '{}'; {}", selection->origin, kind_name(info.kind), selection->name,
                                    available_plugins(registry, info.kind)));
    }
    selected[info.id] = plugin;
  }
  return selected;
}

ResolvedConfig resolve_config(const std::vector<ConfigLayer>& layers, const PluginRegistry& registry) {
  const auto selected = select_plugins(layers, registry);
  ResolvedConfig config;
  std::vector<MergedSection> merged;
  // Everything unknown, of every layer, is listed at once.
  std::vector<std::string> unknown;
  for (const auto& layer : layers) {
    unknown.insert(unknown.end(), layer.unknown_fields.begin(), layer.unknown_fields.end());
  }
  const bool unknown_tables = !unknown.empty();
  for (const auto& info : all_sections()) {
    if (!selects_plugin(info.id)) {
      merged.push_back(merged_section(layers, info.id, nullptr, config.notes));
      collect_unknown(merged.back(), unknown);
      continue;
    }
    auto it = selected.find(info.id);
    if (it == selected.end() || it->second == nullptr) {
      // Options for a table nothing selects have no plugin to go to.
      for (const auto& layer : layers) {
        auto values = layer.sections.find(info.id);
        if (values == layer.sections.end() || values->second.values.empty()) continue;
        if (values->second.plugin && *values->second.plugin != no_plugin) continue;
        const auto& value = values->second.values.begin()->second;
        throw ConfigError(
            fmt::format("{}: no {} is selected, so it has no options; select one with --{} NAME or "
                        "name = \"...\" in [{}]",
                        value.origin, kind_name(info.kind), info.table, info.table));
      }
      // A deselected default ("none") is written out, so that a replay
      // does not bring the default back.
      if (it != selected.end() && info.default_plugin != nullptr) merged.push_back({info.id, nullptr, {}, {}});
      continue;
    }
    merged.push_back(merged_section(layers, info.id, it->second, config.notes));
    collect_unknown(merged.back(), unknown);
  }
  if (unknown.size() == 1) {
    throw ConfigError(unknown.front() + (unknown_tables ? "; the known tables are " + known_config_tables() : ""));
  }
  if (!unknown.empty()) {
    std::string text = fmt::format(
        "{} settings this taps-host does not know (a file written by a newer TaPS?); the run does not start:",
        unknown.size());
    for (const auto& line : unknown) text += "\n  " + line;
    if (unknown_tables) text += "\nthe known tables are " + known_config_tables();
    throw ConfigError(text);
  }

  for (const auto& section : merged) {
    if (selects_plugin(section.section) && section.plugin == nullptr) {
      config.sections.push_back({section.section, nullptr, {}});
      continue;
    }
    config.sections.push_back(resolve_section(section.section, section.plugin, section.values));
    check_overridden(section);
  }
  check_versions(layers, config);
  check_plugin_versions(layers, config);
  config.plugin_dirs = explicit_plugin_dirs(registry);
  if (config.value(Section::logging, "file_name").empty()) {
    throw ConfigError("[logging] file_name is empty: the run's log needs a file (the default is log.txt)");
  }
  return config;
}

}  // namespace taps::host
