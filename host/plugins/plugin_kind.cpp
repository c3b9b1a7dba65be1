#include "plugins/plugin_kind.hpp"

#include <algorithm>

namespace taps::host {

std::string kind_name(taps_plugin_kind kind) {
  switch (kind) {
    case TAPS_KIND_APP:
      return "app";
    case TAPS_KIND_EXECUTOR:
      return "executor";
    case TAPS_KIND_TRANSFORMER:
      return "transformer";
    case TAPS_KIND_FILTER:
      return "filter";
    case TAPS_KIND_LOGGER:
      return "logger";
    default:
      return "unknown kind " + std::to_string(kind);
  }
}

std::string kind_name_plural(taps_plugin_kind kind) { return kind_name(kind) + "s"; }

std::optional<taps_plugin_kind> kind_from_name(std::string_view name) {
  for (taps_plugin_kind kind : all_plugin_kinds) {
    if (name == kind_name(kind) || name == kind_name_plural(kind)) return kind;
  }
  return std::nullopt;
}

bool is_known_kind(taps_plugin_kind kind) {
  return std::find(all_plugin_kinds.begin(), all_plugin_kinds.end(), kind) != all_plugin_kinds.end();
}

}  // namespace taps::host
