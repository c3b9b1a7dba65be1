#include "object_type_filter.hpp"

#include "pattern_list.hpp"

#include <taps/error.hpp>

namespace taps::filters {

ObjectTypeFilter::ObjectTypeFilter(Host host, const Config& config) {
  const std::vector<std::string> texts = parse_pattern_list(config.get_string("patterns"));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    try {
      patterns_.emplace_back(texts[i], std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw Error("ConfigError",
                  "patterns: pattern " + std::to_string(i + 1) + " of " + std::to_string(texts.size()) + ", '" +
                      texts[i] + "', is not a valid regular expression: " + e.what(),
                  TAPS_INVALID_ARGUMENT);
    }
  }
  if (patterns_.empty()) host.warning("no patterns given: no payload will be transformed");
}

bool ObjectTypeFilter::accepts(std::string_view type, std::uint64_t) const {
  for (const auto& pattern : patterns_) {
    if (std::regex_search(type.begin(), type.end(), pattern)) return true;
  }
  return false;
}

}  // namespace taps::filters
