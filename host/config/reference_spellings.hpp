// reference_spellings.hpp — the reference's (Python TaPS) names and values
// for the options of our plugins.
//
// A config file or command line written for the reference runs here
// unchanged: `max_processes = 4` in [engine.executor] of process-pool sets
// our `workers`, `max_size = inf` in [engine.filter] of object-size means no
// limit, `patterns = ["^bytes$"]` (a TOML array) is object-type's list.
// Nothing is accepted and ignored: a reference option we have no counterpart
// for is refused with the reason, and one that only names what we always do
// (dask's use_threads = false) is accepted with that value alone.
//
// The table lives in the host, keyed by our plugin's name, so plugins need
// no new SDK surface; docs/coming-from-taps.md lists it for users.
#pragma once

#include "config/option_value.hpp"
#include "config/section.hpp"
#include "plugins/registry.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace taps::host {

struct ReferenceSpelling {
  enum class Rule {
    /// `key` is the reference's name of our option `ours`.
    rename,
    /// The reference's option has one value that means what we always do
    /// (`only`); that value is accepted and sets nothing, any other is
    /// refused with `reason`.
    only_value,
    /// No counterpart: refused with `reason`.
    refused,
  };
  /// How the reference writes values we spell differently; applies under
  /// either name.
  enum class Values {
    as_ours,
    /// A float (`max_size = inf`, `1000.0`): inf means no limit (the option
    /// unset), an integral number is the integer.
    size_limit,
    /// A float the reference writes for a whole number (`1000.0`): the integer.
    integral,
    /// A TOML array of strings: our option takes it as JSON array text.
    list_as_json,
  };

  Section section;
  /// Our plugin.
  std::string_view plugin;
  /// The reference's key (snake_case).
  std::string_view key;
  Rule rule;
  /// rename: our key (may equal `key` when only the values differ).
  std::string_view ours = {};
  Values values = Values::as_ours;
  /// only_value: the canonical value accepted, and its type.
  std::string_view only = {};
  taps_option_type only_type = TAPS_OPTION_STRING;
  /// only_value, refused: why, and what to do instead.
  std::string_view reason = {};
};

/// Every entry, for the documentation and the tests.
std::span<const ReferenceSpelling> reference_spellings();

/// The entry for `key` (either spelling) of `plugin` in `section`; a logger
/// list matches the entries of each listed logger.
const ReferenceSpelling* find_reference_spelling(Section section, const PluginRecord& plugin, std::string_view key);

/// One value as our plugin takes it.
struct TranslatedValue {
  /// Our key; empty when the value sets nothing (an only_value entry).
  std::string key;
  /// The value; nullopt means "unset" (back to the option's default), as
  /// `max_size = inf` asks.
  std::optional<RawValue> value;
};

/// Translates one value written for `plugin` under `key` (snake_case).
/// Values under keys the table does not know pass through unchanged. Throws
/// ConfigError for a refused option or value, naming where it was written.
TranslatedValue translate_reference_value(Section section, const PluginRecord& plugin, const std::string& key,
                                          const RawValue& value);

}  // namespace taps::host
