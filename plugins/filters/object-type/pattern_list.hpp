// pattern_list.hpp — how the object-type filter's `patterns` option holds a
// list of regular expressions.
//
// Option values are single strings (a TOML array is not an option value), so
// the list is written as a JSON array of strings:
//   --engine.filter.patterns '["^bytes$", "^matrix<"]'
//   [engine.filter]  patterns = '["^bytes$", "^matrix<"]'
// A value that is not a JSON array is one regular expression:
//   --engine.filter.patterns '^f64(\[\])?$'
// An empty value is an empty list.
#pragma once

#include <string>
#include <vector>

namespace taps::filters {

/// The patterns a `patterns` value lists. Throws taps::Error when the value
/// is a JSON array with an element that is not a string.
std::vector<std::string> parse_pattern_list(const std::string& text);

}  // namespace taps::filters
