#include "run/env_vars.hpp"

#include "config/config_error.hpp"

#include <rapidjson/document.h>

#include <fmt/format.h>

#include <cstdlib>

namespace taps::host {

std::map<std::string, std::string> parse_env_vars(const std::string& json_object) {
  rapidjson::Document doc;
  doc.Parse(json_object.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw ConfigError(fmt::format("run.env_vars must be a table of NAME = value, got '{}'", json_object));
  }
  std::map<std::string, std::string> vars;
  for (const auto& member : doc.GetObject()) {
    std::string name = member.name.GetString();
    if (name.empty() || name.find('=') != std::string::npos) {
      throw ConfigError(fmt::format("run.env_vars: '{}' is not a valid variable name", name));
    }
    const auto& value = member.value;
    if (value.IsString()) {
      vars[name] = value.GetString();
    } else if (value.IsInt64()) {
      vars[name] = std::to_string(value.GetInt64());
    } else if (value.IsNumber()) {
      vars[name] = fmt::format("{}", value.GetDouble());
    } else if (value.IsBool()) {
      vars[name] = value.GetBool() ? "true" : "false";
    } else {
      throw ConfigError(fmt::format("run.env_vars: the value of {} must be a string, number or bool", name));
    }
  }
  return vars;
}

void apply_env_vars(const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) setenv(name.c_str(), value.c_str(), 1);
}

}  // namespace taps::host
