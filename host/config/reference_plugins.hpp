// reference_plugins.hpp — the reference's executors, transformers and
// filters that have no counterpart here, and the closest one we have.
//
//   [engine.executor]
//   name = "parsl-local"
//
// fails with "executor 'parsl-local' is the reference's (Parsl on this
// machine) and has no counterpart here; the closest is process-pool: ..."
// instead of "unknown executor".
#pragma once

#include <taps/taps.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace taps::host {

struct ReferencePlugin {
  taps_plugin_kind kind;
  /// The reference's name.
  std::string_view name;
  /// What it is, in a few words.
  std::string_view what;
  /// Our closest plugin ("none" for the absence of a filter).
  std::string_view closest;
  /// How ours differs, and how to select it.
  std::string_view how;
};

/// Every entry, for the documentation and the tests.
std::span<const ReferencePlugin> reference_plugins();

/// The advice for a plugin name the registry does not know, if the
/// reference has a plugin of that kind and name.
std::optional<std::string> reference_plugin_advice(taps_plugin_kind kind, std::string_view name);

}  // namespace taps::host
