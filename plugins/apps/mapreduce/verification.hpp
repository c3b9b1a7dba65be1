// verification.hpp — the app's check of its own result against a second,
// independent count made on the client.
#pragma once

#include "input_files.hpp"
#include "top_words.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace taps::mapreduce {

/// What the client counts itself, reading every input file whole.
struct IndependentCount {
  std::uint64_t total;                            // the sum of each file's word count
  std::map<std::string, std::uint64_t> of_words;  // occurrences of the words asked about
};

/// Counts with a plain `std::ifstream >> std::string` loop: the "C"
/// locale's whitespace is the same six bytes as the map tasks', but nothing
/// else is shared with them (not the tokenizer, not the splits).
IndependentCount count_independently(const std::vector<InputFile>& files, bool lowercase,
                                     const std::vector<std::string>& words);

/// Throws a VerificationError unless the tasks' `total` equals the
/// independent total and each word of `top` has its independent count.
void verify_counts(std::uint64_t total, const std::vector<WordCount>& top, const IndependentCount& independent);

}  // namespace taps::mapreduce
