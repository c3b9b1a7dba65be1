// word_count.hpp — how the mapreduce app splits text into words and counts
// them; the map tasks, the reduce and the splitter all follow it.
//
// A word is a maximal run of bytes that are not ASCII whitespace (space,
// \t, \n, \v, \f, \r): Python's str.split() on ASCII text, as the
// reference's map task does. Bytes are not decoded, so non-ASCII bytes are
// word bytes and invalid UTF-8 counts as it is. With `lowercase`, the ASCII
// letters A-Z become a-z; no other byte changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace taps::mapreduce {

/// True for the six ASCII whitespace bytes.
constexpr bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/// Lets the counts be looked up by string_view: no allocation per word.
struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
};

/// word -> occurrences.
using WordCounts = std::unordered_map<std::string, std::uint64_t, WordHash, std::equal_to<>>;

/// Adds each word of `text` to `counts`; returns the number of words.
std::uint64_t count_words(std::string_view text, bool lowercase, WordCounts& counts);

}  // namespace taps::mapreduce
