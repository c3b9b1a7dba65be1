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

}  // namespace

std::string config_to_toml(const ResolvedConfig& config) {
  std::string out =
      "# The complete configuration of a taps run: every option of every selected plugin,\n"
      "# defaults included. Replay the run with: taps-host run --config <this file>\n";
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
  return out;
}

}  // namespace taps::host
