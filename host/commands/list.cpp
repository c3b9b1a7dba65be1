// `taps-host list`: every plugin found on the plugin path, and every
// library that could not be used, with the reason.
#include "commands/command.hpp"
#include "commands/command_options.hpp"
#include "plugins/plugin_kind.hpp"
#include "plugins/registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace taps::host {

namespace {

void print_search_path(const PluginRegistry& registry) {
  fmt::print("Plugin path:\n");
  if (registry.search_path().empty()) fmt::print("  (empty)\n");
  for (const auto& dir : registry.search_path()) {
    std::error_code ec;
    const bool exists = std::filesystem::is_directory(dir.path, ec);
    fmt::print("  {}  ({}{})\n", dir.path.string(), dir.origin, exists ? "" : ", does not exist");
  }
}

void print_plugins(const PluginRegistry& registry) {
  std::size_t name_width = 4, version_width = 7;
  for (const auto& plugin : registry.plugins()) {
    name_width = std::max(name_width, plugin.name.size());
    version_width = std::max(version_width, plugin.version.size());
  }
  fmt::print("\nPlugins:\n");
  if (registry.plugins().empty()) {
    fmt::print("  (none found)\n");
    return;
  }
  fmt::print("  {:<11} {:<{}} {:<{}} {:<5} {}\n", "KIND", "NAME", name_width, "VERSION", version_width, "ABI", "FILE");
  for (taps_plugin_kind kind : all_plugin_kinds) {
    for (const auto* plugin : registry.of_kind(kind)) {
      fmt::print("  {:<11} {:<{}} {:<{}} {:<5} {}\n", kind_name(kind), plugin->name, name_width, plugin->version,
                 version_width, fmt::format("{}.{}", plugin->abi_major, plugin->abi_minor), plugin->file.string());
    }
  }
}

void print_problems(const PluginRegistry& registry) {
  if (registry.problems().empty()) return;
  fmt::print("\nProblems:\n");
  for (const auto& problem : registry.problems()) fmt::print("  {}\n", problem.to_string());
}

}  // namespace

int list_command(const CommandContext& context) {
  const auto options = parse_command_options(context.args, 0);
  if (options.help) {
    fmt::print(
        "Usage: taps-host [--plugin-path DIR]... list\n\n"
        "Lists every plugin on the plugin path (kind, name, plugin version, the taps ABI it was built\n"
        "for, file) and every library that could not be used, with the reason. The plugin path is\n"
        "--plugin-path, then TAPS_PLUGIN_PATH, then <bin>/../plugins and <bin>/../lib/taps/plugins.\n");
    return exit_success;
  }
  const PluginRegistry registry(plugin_search_path(plugin_dirs(context, options)));
  print_search_path(registry);
  print_plugins(registry);
  print_problems(registry);
  std::fflush(stdout);
  return exit_success;
}

}  // namespace taps::host
