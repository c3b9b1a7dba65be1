// top_words.hpp — the most frequent words, and top_words.csv.
#pragma once

#include "sorted_counts.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace taps::mapreduce {

using WordCount = std::pair<std::string, std::uint64_t>;

/// The `n` most frequent words, most frequent first; ties in word order, so
/// the list is the same in every run.
std::vector<WordCount> top_words(const SortedCountsView& counts, std::size_t n);

/// Writes "word,count" and one line per word, in UTF-8: each word as
/// printable_word() shows it, then RFC 4180 quoting (a word holding a
/// comma or a double quote is quoted, its quotes doubled).
void write_top_words_csv(const std::vector<WordCount>& words, const std::filesystem::path& path);

}  // namespace taps::mapreduce
