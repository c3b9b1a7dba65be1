// option_value.hpp — checking one option value against its schema entry.
//
// Values reach the host as command-line text or as typed TOML values; either
// way canonical_value() checks them against the taps_option_desc and returns
// the canonical text the plugin receives (taps.h): bool "true"/"false", int
// in decimal, float with enough digits to round-trip, string as is, table as
// compact JSON with sorted keys.
#pragma once

#include <taps/taps.h>

#include <cstdint>
#include <string>

namespace taps::host {

/// A value as the user wrote it, not yet checked.
struct RawValue {
  enum class Form { text, boolean, integer, floating, table, array };

  Form form = Form::text;
  /// The text for Form::text; JSON for Form::table and Form::array; for a
  /// number read from TOML, its spelling there (for messages only).
  std::string text;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0.0;
  /// Where it was written, naming the option as the user spelled it:
  /// "--app.task-count" or "a.toml: [app] task_count".
  std::string origin;
  bool from_command_line = false;
  /// The absolute directory of the config file it was written in; empty
  /// for the command line. Relative paths may resolve against it
  /// (path_options.hpp).
  std::string file_dir;

  static RawValue of_text(std::string text, std::string origin, bool from_command_line);

  /// The value as shown in messages.
  std::string display() const;
};

/// The canonical text of `value` for `option`. Throws ConfigError naming the
/// origin, the value and what is allowed; `owner` names whose option it is
/// ("app 'synthetic'").
std::string canonical_value(const taps_option_desc& option, const RawValue& value, const std::string& owner);

/// "bool", "int", "float", "string", "table".
std::string type_name(taps_option_type type);

/// What the option accepts, in words: "an integer >= 1", "one of: bag, diamond".
std::string allowed_values(const taps_option_desc& option);

/// A number of a range or default as people write it ("1", "0.5", "1e+20").
std::string format_number(double value);

}  // namespace taps::host
