#include "config/config_file.hpp"

#include "config/config_error.hpp"
#include "plugins/option_key.hpp"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace taps::host {

namespace {

std::string where(const std::string& source, const toml::node& node) {
  const auto& begin = node.source().begin;
  return begin.line > 0 ? fmt::format("{}:{}", source, begin.line) : source;
}

// Dates and times have no JSON type; they travel as their TOML text.
std::string toml_text_of(const toml::node& node) {
  std::ostringstream out;
  node.visit([&](const auto& value) { out << value; });
  return out.str();
}

bool write_json(const toml::node& node, rapidjson::Writer<rapidjson::StringBuffer>& writer) {
  if (const auto* table = node.as_table()) {
    writer.StartObject();
    for (const auto& [key, value] : *table) {
      writer.Key(key.str().data(), static_cast<rapidjson::SizeType>(key.str().size()));
      if (!write_json(value, writer)) return false;
    }
    return writer.EndObject();
  }
  if (const auto* array = node.as_array()) {
    writer.StartArray();
    for (const auto& value : *array) {
      if (!write_json(value, writer)) return false;
    }
    return writer.EndArray();
  }
  if (const auto* text = node.as_string()) {
    return writer.String(text->get().data(), static_cast<rapidjson::SizeType>(text->get().size()));
  }
  if (const auto* integer = node.as_integer()) return writer.Int64(integer->get());
  // JSON has no inf or nan: the writer refuses them.
  if (const auto* floating = node.as_floating_point()) return writer.Double(floating->get());
  if (const auto* boolean = node.as_boolean()) return writer.Bool(boolean->get());
  const std::string text = toml_text_of(node);
  return writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

RawValue raw_value_of(const toml::node& node, std::string origin) {
  RawValue value;
  value.origin = std::move(origin);
  if (const auto* text = node.as_string()) {
    value.form = RawValue::Form::text;
    value.text = text->get();
  } else if (const auto* integer = node.as_integer()) {
    value.form = RawValue::Form::integer;
    value.integer = integer->get();
    value.text = toml_text_of(node);  // for messages: what the user wrote
  } else if (const auto* floating = node.as_floating_point()) {
    value.form = RawValue::Form::floating;
    value.floating = floating->get();
    value.text = toml_text_of(node);
  } else if (const auto* boolean = node.as_boolean()) {
    value.form = RawValue::Form::boolean;
    value.boolean = boolean->get();
  } else if (node.is_table() || node.is_array()) {
    value.form = node.is_table() ? RawValue::Form::table : RawValue::Form::array;
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    if (!write_json(node, writer)) {
      throw ConfigError(value.origin + ": the table holds a value JSON cannot carry (inf or nan)");
    }
    value.text.assign(buffer.GetString(), buffer.GetSize());
  } else {
    value.form = RawValue::Form::text;
    value.text = toml_text_of(node);
  }
  return value;
}

void read_section(Section section, const toml::table& table, const std::string& source, ConfigLayer& layer) {
  const auto& info = section_info(section);
  auto& values = layer.sections[section];
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    const std::string origin = fmt::format("{}: [{}] {}", where(source, node), info.table, name);
    if (selects_plugin(section) && name == plugin_name_key) {
      const auto* text = node.as_string();
      if (text == nullptr) {
        throw ConfigError(origin + ": the plugin name must be a string, e.g. name = \"" +
                          (info.default_plugin != nullptr ? info.default_plugin : "synthetic") + "\"");
      }
      values.plugin = text->get();
      values.plugin_origin = origin;
      continue;
    }
    values.values[normalize_key(name)] = raw_value_of(node, origin);
  }
}

// [engine] as the reference writes it: the plugin tables, a plugin name as
// a scalar (`executor = "thread-pool"`), and task_record_file_name.
void read_engine_table(const toml::table& table, const std::string& source, ConfigLayer& layer) {
  for (const auto& [sub_key, sub_node] : table) {
    const std::string key(sub_key.str());
    const std::string sub_name = "engine." + key;
    auto sub_section = section_for_table(sub_name);
    // The reference's spelling, `executor = "thread-pool"` in [engine]:
    // the same as [engine.executor] name = "thread-pool".
    if (sub_section && selects_plugin(*sub_section) && sub_node.as_string() != nullptr) {
      auto& values = layer.sections[*sub_section];
      values.plugin = sub_node.as_string()->get();
      values.plugin_origin = fmt::format("{}: [engine] {}", where(source, sub_node), key);
      continue;
    }
    // The file of the task records: an option of the record logger (the
    // reference_spellings table maps it to jsonl's file_name).
    if (key == "task_record_file_name") {
      layer.sections[Section::logger].values[key] =
          raw_value_of(sub_node, fmt::format("{}: [engine] {}", where(source, sub_node), key));
      continue;
    }
    if (sub_section && sub_node.as_table() == nullptr) {
      throw ConfigError(fmt::format("{}: [engine] {} must be a plugin name (a string, as in {} = \"{}\") or a "
                                    "table [{}]",
                                    where(source, sub_node), key, key,
                                    section_info(*sub_section).default_plugin != nullptr
                                        ? section_info(*sub_section).default_plugin
                                        : "name",
                                    sub_name));
    }
    if (!sub_section) {
      layer.unknown_fields.push_back(fmt::format("{}: {} [{}]", where(source, sub_node),
                                                 sub_node.is_table() ? "unknown table" : "unknown key", sub_name));
      continue;
    }
    read_section(*sub_section, *sub_node.as_table(), source, layer);
  }
}

// [plugins] as config_to_toml() writes it:
//   path = ["/home/me/mc/build"]
//   versions = { app = "montecarlo-pi 1.0.0", "engine.executor" = "thread-pool 1.0.0" }
void read_plugins_table(const toml::table& table, const std::string& source, ConfigLayer& layer) {
  layer.plugins_origin = source;
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    const std::string origin = fmt::format("{}: [plugins] {}", where(source, node), name);
    if (name == "path" && node.is_array()) {
      for (const auto& dir : *node.as_array()) {
        if (dir.as_string() == nullptr) throw ConfigError(origin + ": must be a list of directories (strings)");
        layer.plugin_dirs.push_back(dir.as_string()->get());
      }
    } else if (name == "versions" && node.is_table()) {
      for (const auto& [table_name, version] : *node.as_table()) {
        if (version.as_string() == nullptr) throw ConfigError(origin + ": must map tables to \"name version\"");
        layer.plugin_versions[std::string(table_name.str())] = version.as_string()->get();
      }
    } else {
      layer.unknown_fields.push_back(origin + ": not a known key (path = [...], versions = {...})");
    }
  }
}

}  // namespace

std::vector<std::string> recorded_plugin_dirs(const std::vector<ConfigLayer>& layers) {
  std::vector<std::string> dirs;
  for (const auto& layer : layers) dirs.insert(dirs.end(), layer.plugin_dirs.begin(), layer.plugin_dirs.end());
  return dirs;
}

std::string known_config_tables() {
  std::string out;
  for (const auto& info : all_sections()) out += (out.empty() ? "[" : ", [") + std::string(info.table) + "]";
  return out;
}

ConfigLayer parse_config_text(std::string_view text, const std::string& source) {
  toml::table document;
  try {
    document = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: invalid TOML: {}", source, begin.line, begin.column, e.description()));
  }

  ConfigLayer layer;
  layer.source = source;
  for (const auto& [key, node] : document) {
    const std::string name(key.str());
    const auto* table = node.as_table();
    auto section = section_for_table(name);
    if (name == "engine" && table != nullptr) {
      read_engine_table(*table, source, layer);
    } else if (section && name.find('.') == std::string::npos && table != nullptr) {
      read_section(*section, *table, source, layer);
    } else if (name == "plugins" && table != nullptr) {
      read_plugins_table(*table, source, layer);
    } else if (name == "version" && node.as_string() != nullptr) {
      layer.version = node.as_string()->get();
      layer.version_origin = fmt::format("{}: version", where(source, node));
    } else {
      layer.unknown_fields.push_back(fmt::format("{}: unknown {} '{}'", where(source, node),
                                                 table != nullptr ? "table" : "top-level key", name));
    }
  }
  return layer;
}

ConfigLayer read_config_file(const std::filesystem::path& file) {
  auto cannot_read = [&](const std::string& why) {
    return ConfigError("cannot read config file '" + file.string() + "': " + why);
  };
  // An ifstream opens a directory without complaint and then reads nothing.
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw cannot_read(std::strerror(EISDIR));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw cannot_read(std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw cannot_read(std::strerror(errno));
  auto layer = parse_config_text(text.str(), file.string());
  // Relative paths in the file may mean paths next to it.
  const std::string dir = std::filesystem::absolute(file, ec).parent_path().lexically_normal().string();
  for (auto& [section, values] : layer.sections) {
    for (auto& [key, value] : values.values) value.file_dir = dir;
  }
  return layer;
}

}  // namespace taps::host
