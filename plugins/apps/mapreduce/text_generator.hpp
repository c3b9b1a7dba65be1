// text_generator.hpp — random text for the mapreduce app when no corpus is
// at hand: words from a fixed vocabulary with Zipf-like frequencies (the
// word of rank r occurs with probability proportional to 1/r), twelve to a
// line, as natural text roughly has them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace taps::mapreduce {

/// The vocabulary, most frequent word first: the same in every run.
const std::vector<std::string>& vocabulary();

/// The text of generated file `index`: `words` words separated by single
/// spaces and newlines, ending in a newline. The same for the same seed and
/// index on every platform (std::mt19937_64's raw output, no std
/// distribution).
std::string generate_text(std::uint64_t seed, std::uint64_t index, std::uint64_t words);

/// The name of generated file `index`: generated-NNNN.txt.
std::string generated_file_name(std::uint64_t index);

}  // namespace taps::mapreduce
