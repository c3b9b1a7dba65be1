#include "config/toml_text.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <optional>

namespace taps::host {

namespace {

// TOML needs a '.' or an exponent to read a number back as a float.
std::string toml_float(std::string text) {
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::optional<std::string> toml_of_json(const rapidjson::Value& value) {
  if (value.IsObject()) {
    std::string out = "{";
    bool first = true;
    for (const auto& member : value.GetObject()) {
      auto item = toml_of_json(member.value);
      if (!item) return std::nullopt;
      out += fmt::format("{} {} = {}", first ? "" : ",",
                         toml_key(std::string_view(member.name.GetString(), member.name.GetStringLength())), *item);
      first = false;
    }
    return out + (first ? "}" : " }");
  }
  if (value.IsArray()) {
    std::string out = "[";
    bool first = true;
    for (const auto& element : value.GetArray()) {
      auto item = toml_of_json(element);
      if (!item) return std::nullopt;
      out += (first ? "" : ", ") + *item;
      first = false;
    }
    return out + "]";
  }
  if (value.IsString()) return toml_string(std::string_view(value.GetString(), value.GetStringLength()));
  if (value.IsBool()) return std::string(value.GetBool() ? "true" : "false");
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsDouble()) return toml_float(fmt::format("{}", value.GetDouble()));
  // null, and unsigned integers beyond int64: TOML has neither.
  return std::nullopt;
}

}  // namespace

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string toml_key(std::string_view key) {
  const bool bare = !key.empty() && key.find_first_not_of(
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-") == std::string_view::npos;
  return bare ? std::string(key) : toml_string(key);
}

std::string toml_value(taps_option_type type, const std::string& canonical) {
  switch (type) {
    case TAPS_OPTION_BOOL:
    case TAPS_OPTION_INT:
      return canonical;
    case TAPS_OPTION_FLOAT:
      return toml_float(canonical);
    case TAPS_OPTION_TABLE: {
      rapidjson::Document document;
      document.Parse(canonical.c_str(), canonical.size());
      if (!document.HasParseError()) {
        if (auto inline_table = toml_of_json(document)) return *inline_table;
      }
      return toml_string(canonical);
    }
    default:
      return toml_string(canonical);
  }
}

}  // namespace taps::host
