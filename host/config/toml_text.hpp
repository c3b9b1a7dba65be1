// toml_text.hpp — spelling values as TOML text, for the config.toml a run
// writes. The host writes that file itself (rather than through toml++'s
// serializer) to keep the reference's table order, `name` first, and a
// comment describing each option.
#pragma once

#include <taps/taps.h>

#include <string>
#include <string_view>

namespace taps::host {

/// A TOML basic string, quoted and escaped.
std::string toml_string(std::string_view text);

/// A key: bare when TOML allows it, quoted otherwise.
std::string toml_key(std::string_view key);

/// An option's canonical value as a TOML value of the option's type. A
/// table becomes an inline table, or its JSON text as a string when TOML
/// cannot hold it (JSON null); both read back to the same value.
std::string toml_value(taps_option_type type, const std::string& canonical);

}  // namespace taps::host
