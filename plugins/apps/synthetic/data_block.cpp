#include "data_block.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cstring>
#include <string>

namespace taps::synthetic {

namespace {

constexpr std::size_t word_size = sizeof(std::uint64_t);
constexpr std::size_t sample_count = 32;

std::uint64_t word_at(std::uint64_t seed, std::size_t index) {
  return index == 0 ? seed : splitmix64(seed + index);
}

[[noreturn]] void fail(const char* what, const std::string& problem) {
  throw Error("DataError", std::string(what) + ": " + problem);
}

// Checks the word (or the partial last word) starting at byte index*8.
void check_word(BytesView block, std::uint64_t seed, std::size_t index, const char* what) {
  const std::size_t offset = index * word_size;
  const std::size_t length = std::min(word_size, block.size - offset);
  const std::uint64_t expected = word_at(seed, index);
  if (std::memcmp(block.data + offset, &expected, length) != 0) {
    fail(what, "bytes at offset " + std::to_string(offset) + " do not match the block's generator");
  }
}

}  // namespace

Bytes make_block(std::uint64_t seed, std::size_t size) {
  Bytes block(size);
  if (size < word_size) return block;
  const std::size_t words = (size + word_size - 1) / word_size;
  std::uint8_t* out = block.data();
  for (std::size_t i = 0; i + 1 < words; ++i) {
    const std::uint64_t word = word_at(seed, i);
    std::memcpy(out + i * word_size, &word, word_size);
  }
  const std::uint64_t last = word_at(seed, words - 1);
  std::memcpy(out + (words - 1) * word_size, &last, size - (words - 1) * word_size);
  return block;
}

void check_block(BytesView block, std::size_t size, const char* what, std::optional<std::uint64_t> expected_seed) {
  if (block.size != size) {
    fail(what, "has " + std::to_string(block.size) + " bytes, expected " + std::to_string(size));
  }
  if (size < word_size) {
    for (std::size_t i = 0; i < size; ++i) {
      if (block.data[i] != 0) fail(what, "a block shorter than a word must be zeros");
    }
    return;
  }
  std::uint64_t seed = 0;
  std::memcpy(&seed, block.data, word_size);
  if (expected_seed && seed != *expected_seed) {
    fail(what, "carries seed " + std::to_string(seed) + ", expected " + std::to_string(*expected_seed));
  }
  const std::size_t words = (size + word_size - 1) / word_size;
  // Evenly spread samples, shifted by the seed so that different blocks
  // cover different positions, plus the last (possibly partial) word.
  const std::size_t stride = std::max<std::size_t>(1, words / sample_count);
  for (std::size_t index = 1 + seed % stride; index < words; index += stride) check_word(block, seed, index, what);
  check_word(block, seed, words - 1, what);
}

}  // namespace taps::synthetic
