#include "pattern_list.hpp"

#include <taps/error.hpp>

#include <rapidjson/document.h>

#include <cctype>

namespace taps::filters {

std::vector<std::string> parse_pattern_list(const std::string& text) {
  std::size_t first = 0;
  while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first])) != 0) ++first;
  if (first == text.size()) return {};
  if (text[first] == '[') {
    rapidjson::Document list;
    list.Parse(text.c_str(), text.size());
    // "[a-z]+" is a regex, not JSON: only a well-formed array is a list.
    if (!list.HasParseError() && list.IsArray()) {
      std::vector<std::string> patterns;
      for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
        if (!list[i].IsString()) {
          throw Error("ConfigError",
                      "patterns: element " + std::to_string(i + 1) + " of the JSON list is not a string",
                      TAPS_INVALID_ARGUMENT);
        }
        patterns.emplace_back(list[i].GetString(), list[i].GetStringLength());
      }
      return patterns;
    }
  }
  return {text};
}

}  // namespace taps::filters
