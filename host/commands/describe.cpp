// `taps-host describe PLUGIN`: what a plugin is and every option it takes.
// PLUGIN is NAME when only one kind has a plugin of that name, else
// KIND/NAME (executor/thread-pool).
#include "commands/command.hpp"
#include "commands/command_options.hpp"
#include "config/config_error.hpp"
#include "config/option_value.hpp"
#include "config/reference_spellings.hpp"
#include "config/resolved_config.hpp"
#include "config/schema_options.hpp"
#include "config/section.hpp"
#include "plugins/option_key.hpp"
#include "plugins/plugin_kind.hpp"
#include "plugins/registry.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace taps::host {

namespace {

const PluginRecord& find_plugin(const PluginRegistry& registry, const std::string& spec) {
  const auto slash = spec.find('/');
  if (slash != std::string::npos) {
    const auto kind = kind_from_name(spec.substr(0, slash));
    if (!kind) {
      throw ConfigError(
          fmt::format("'{}' names no plugin kind; the kinds are app, executor, transformer, filter, "
                      "logger",
                      spec.substr(0, slash)));
    }
    const auto* plugin = registry.find(*kind, spec.substr(slash + 1));
    if (plugin == nullptr) {
      throw ConfigError(fmt::format("unknown {} '{}'; {}", kind_name(*kind), spec.substr(slash + 1),
                                    available_plugins(registry, *kind)));
    }
    return *plugin;
  }
  const auto found = registry.find_by_name(spec);
  if (found.size() == 1) return *found.front();
  if (found.empty()) {
    std::string names;
    for (const auto& plugin : registry.plugins())
      names += fmt::format("{}{}/{}", names.empty() ? "" : ", ", kind_name(plugin.kind), plugin.name);
    throw ConfigError(
        fmt::format("no plugin is named '{}'; {}", spec,
                    names.empty() ? "no plugins were found (see taps-host list)" : "the plugins are: " + names));
  }
  std::string choices;
  for (const auto* plugin : found)
    choices += fmt::format("{}{}/{}", choices.empty() ? "" : ", ", kind_name(plugin->kind), spec);
  throw ConfigError(fmt::format("'{}' names plugins of several kinds; say which: {}", spec, choices));
}

const SectionInfo& section_of(taps_plugin_kind kind) {
  for (const auto& info : all_sections()) {
    if (info.kind == kind) return info;
  }
  return all_sections().front();
}

// What a config file of the Python reference may say instead
// (docs/coming-from-taps.md).
void print_reference_spellings(const PluginRecord& plugin, const SectionInfo& info) {
  bool first = true;
  for (const auto& entry : reference_spellings()) {
    if (entry.section != info.id || find_reference_spelling(info.id, plugin, entry.key) != &entry) continue;
    if (first) fmt::print("\nThe reference's (Python TaPS) spellings:\n");
    first = false;
    using Rule = ReferenceSpelling::Rule;
    if (entry.rule == Rule::rename && entry.key != entry.ours) {
      fmt::print("  {} = ...  means  {} = ...\n", entry.key, entry.ours);
    } else if (entry.rule == Rule::rename) {
      fmt::print("  {}: the reference's values are accepted (a float, inf, a list)\n", entry.key);
    } else if (entry.rule == Rule::only_value) {
      fmt::print("  {} = {}  is accepted (what this plugin does); other values are refused: {}\n", entry.key,
                 entry.only, entry.reason);
    } else {
      fmt::print("  {}  is refused: {}\n", entry.key, entry.reason);
    }
  }
}

void print_plugin(const PluginRecord& plugin) {
  const auto& info = section_of(plugin.kind);
  fmt::print("{} {}\n", plugin.label(), plugin.version);
  if (!plugin.description.empty()) fmt::print("  {}\n", plugin.description);
  fmt::print("\n  file:  {}\n  ABI:   {}.{}\n  select with: --{} {}  (or name = \"{}\" in [{}])\n",
             plugin.file.string(), plugin.abi_major, plugin.abi_minor, info.table, plugin.name, plugin.name,
             info.table);

  fmt::print("\nOptions");
  if (plugin.options.empty()) {
    fmt::print(": none\n");
  } else {
    fmt::print(" (--{}.KEY VALUE on the command line, KEY = VALUE in [{}]):\n", info.table, info.table);
    for (const auto* option : plugin.options) {
      fmt::print("  {}  (--{}.{})\n      {}\n", option->key, info.table, cli_key(option->key), option_summary(*option));
    }
  }
  print_reference_spellings(plugin, info);
  if (plugin.kind == TAPS_KIND_APP) {
    fmt::print("\nTask functions:");
    if (plugin.functions.empty()) fmt::print(" none");
    for (const auto* function : plugin.functions) fmt::print(" {}", function->name);
    fmt::print("\n");
  }
}

}  // namespace

int describe_command(const CommandContext& context) {
  const auto options = parse_command_options(context.args, 1);
  if (options.help) {
    fmt::print(
        "Usage: taps-host [--plugin-path DIR]... describe PLUGIN\n\n"
        "Shows a plugin's version, file, ABI and every option it takes, with types, defaults,\n"
        "ranges or choices, units and descriptions. PLUGIN is NAME, or KIND/NAME when plugins of\n"
        "several kinds share the name (e.g. executor/thread-pool).\n");
    return exit_success;
  }
  if (options.positionals.empty()) throw ConfigError("describe needs a plugin: taps-host describe NAME (or KIND/NAME)");
  const PluginRegistry registry(plugin_search_path(plugin_dirs(context, options)));
  print_plugin(find_plugin(registry, options.positionals.front()));
  std::fflush(stdout);
  return exit_success;
}

}  // namespace taps::host
