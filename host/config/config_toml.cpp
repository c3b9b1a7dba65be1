#include "config/config_toml.hpp"

#include "config/toml_text.hpp"

#include <fmt/format.h>

namespace taps::host {

namespace {

const taps_option_desc* schema_entry(const ResolvedSection& section, const std::string& key) {
  if (section.plugin != nullptr) return section.plugin->find_option(key);
  for (const auto& option : host_options(section.section)) {
    if (key == option.key) return &option;
  }
  return nullptr;
}

// A comment line per option: what it is, so the file reads on its own.
std::string comment_for(const taps_option_desc* option) {
  if (option == nullptr || option->description == nullptr || *option->description == '\0') return {};
  std::string text = option->description;
  if (option->unit != nullptr && *option->unit != '\0') text += fmt::format(" [{}]", option->unit);
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "# " + text + "\n";
}

// Where the plugins came from and which versions ran, so that a replay
// finds an out-of-tree plugin and says when it changed.
std::string plugins_table(const ResolvedConfig& config) {
  std::string out =
      "\n# The plugins of this run: a replay also searches `path` (besides --plugin-path), and warns when\n"
      "# a plugin it loads has another version than `versions` records.\n[plugins]\npath = [";
  for (std::size_t i = 0; i < config.plugin_dirs.size(); ++i) {
    out += (i > 0 ? ", " : "") + toml_string(config.plugin_dirs[i]);
  }
  out += "]\nversions = {";
  bool first = true;
  for (const auto& section : config.sections) {
    if (section.plugin == nullptr) continue;
    out += fmt::format("{} {} = {}", first ? "" : ",", toml_key(std::string(section_info(section.section).table)),
                       toml_string(section.plugin->name + " " + section.plugin->version));
    first = false;
  }
  return out + (first ? "}\n" : " }\n");
}

}  // namespace

std::string config_to_toml(const ResolvedConfig& config) {
  std::string out =
      "# The complete configuration of a taps run: every option of every selected plugin,\n"
      "# defaults included. Replay the run with: taps-host run --config <this file>\n";
  // As the reference writes it: the version of the TaPS that ran.
  if (!config.file_version.empty() && config.file_version != TAPS_VERSION) {
    out += fmt::format("# Configured by a file of TaPS version {}.\n", config.file_version);
  }
  out += fmt::format("version = {}\n", toml_string(TAPS_VERSION));
  for (const auto& section : config.sections) {
    const auto& info = section_info(section.section);
    out += "\n";
    if (section.plugin != nullptr) {
      out += fmt::format("# {} {} ({})\n", section.plugin->label(), section.plugin->version,
                         section.plugin->file.string());
    }
    out += fmt::format("[{}]\n", info.table);
    if (selects_plugin(section.section)) {
      out += fmt::format("{} = {}\n", plugin_name_key,
                         toml_string(section.plugin != nullptr ? section.plugin->name : std::string(no_plugin)));
    }
    for (const auto& option : section.options) {
      out += comment_for(schema_entry(section, option.key));
      out += fmt::format("{} = {}\n", toml_key(option.key), toml_value(option.type, option.value));
    }
  }
  out += plugins_table(config);
  return out;
}

}  // namespace taps::host
