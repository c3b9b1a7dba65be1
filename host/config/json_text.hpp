// json_text.hpp — table options travel to plugins as JSON object text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace taps::host {

/// `text` as compact JSON with object keys sorted (recursively), so one
/// table has one spelling whichever way it was written (command line, TOML,
/// a replayed config.toml). nullopt, with `error` set, if `text` is not a
/// JSON object.
std::optional<std::string> canonical_json_object(std::string_view text, std::string& error);

}  // namespace taps::host
