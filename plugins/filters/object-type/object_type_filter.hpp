// object_type_filter.hpp — transforms payloads by their type tag.
#pragma once

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstdint>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace taps::filters {

/// Selects a payload when any pattern is found in its type tag ("bytes",
/// "f64[]", "matrix<f64>", an app's own tags): a regex search, as the
/// reference's re.search on type names, so "^bytes$" is exact and "f64"
/// matches "f64" and "f64[]". Patterns are ECMAScript regular expressions;
/// see pattern_list.hpp for how the list is written.
class ObjectTypeFilter {
 public:
  static constexpr PluginInfo info{"object-type", "1.0.0",
                                   "Transforms payloads whose type tag matches one of the patterns."};
  static constexpr taps_option_desc options[] = {
      option::string("patterns",
                     "Regular expressions searched for in a payload's type tag: a JSON array of strings "
                     "('[\"^bytes$\", \"^matrix<\"]'), or a single regex. Empty: transform nothing.")
          .defaults(""),
  };

  ObjectTypeFilter(Host host, const Config& config);
  bool accepts(std::string_view type, std::uint64_t size) const;

 private:
  std::vector<std::regex> patterns_;
};

}  // namespace taps::filters
