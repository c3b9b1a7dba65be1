// plugin_kind.hpp — the five plugin kinds and their names on the command line.
#pragma once

#include <taps/taps.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace taps::host {

/// Every kind the host knows, in the order `list` shows them.
inline constexpr std::array<taps_plugin_kind, 5> all_plugin_kinds{
    TAPS_KIND_APP, TAPS_KIND_EXECUTOR, TAPS_KIND_TRANSFORMER, TAPS_KIND_FILTER, TAPS_KIND_LOGGER};

/// "app", "executor", ... ; "unknown kind N" for anything else.
std::string kind_name(taps_plugin_kind kind);

/// "apps", "executors", ... for messages that list plugins of a kind.
std::string kind_name_plural(taps_plugin_kind kind);

/// The kind a name spells ("executor" or "executors"), if any.
std::optional<taps_plugin_kind> kind_from_name(std::string_view name);

/// True for the kinds this host can load.
bool is_known_kind(taps_plugin_kind kind);

}  // namespace taps::host
