#include "base_options.hpp"

#include <taps/error.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace taps::failures {

namespace {

[[noreturn]] void config_error(const std::string& message) {
  throw Error("ConfigError", message, TAPS_INVALID_ARGUMENT);
}

rapidjson::Document parse_json(const std::string& text, const std::string& what) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  if (document.HasParseError()) {
    config_error(what + " is not valid JSON (" + rapidjson::GetParseError_En(document.GetParseError()) +
                 " at offset " + std::to_string(document.GetErrorOffset()) + ")");
  }
  if (!document.IsObject()) config_error(what + " is not a JSON object of option keys");
  return document;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) config_error("cannot read config_file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The file's options as JSON text: TOML is converted by toml++'s own JSON
// writer, so values keep their types.
std::string file_options_json(const std::string& base, const std::string& path) {
  const std::string what = "config_file '" + path + "'";
  const std::string text = read_text(path);
  if (std::filesystem::path(path).extension() == ".json") return text;
  toml::table document;
  try {
    document = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    config_error(what + ": line " + std::to_string(e.source().begin.line) + ": invalid TOML: " +
                 std::string(e.description()));
  }
  toml::table options = document;
  if (const toml::table* app = document["app"].as_table()) {
    options = *app;
    if (const auto* name = options["name"].as_string()) {
      if (name->get() != base) {
        config_error(what + ": its [app] table is for app '" + name->get() + "', not the base app '" + base + "'");
      }
      options.erase("name");
    }
  }
  std::ostringstream json;
  json << toml::json_formatter{options};
  return json.str();
}

}  // namespace

std::string base_options_json(const std::string& base, const std::string& config_table_json,
                              const std::string& config_file) {
  rapidjson::Document merged =
      config_file.empty() ? parse_json("{}", "{}")
                          : parse_json(file_options_json(base, config_file), "config_file '" + config_file + "'");
  const rapidjson::Document table = parse_json(config_table_json, "config");
  for (const auto& member : table.GetObject()) {
    rapidjson::Value key(member.name, merged.GetAllocator());
    rapidjson::Value value(member.value, merged.GetAllocator());
    if (auto existing = merged.FindMember(key); existing != merged.MemberEnd()) {
      existing->value = value;
    } else {
      merged.AddMember(key, value, merged.GetAllocator());
    }
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  merged.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace taps::failures
