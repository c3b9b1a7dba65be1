// data_block.hpp — self-verifying task data.
//
// A block of n bytes is the little-endian concatenation of 64-bit words,
// cut to n bytes: word 0 is the block's seed, word i > 0 is
// splitmix64(seed + i). Any word can be checked on its own, so a receiver
// verifies a large block by sampling a few words instead of regenerating it.
// Blocks shorter than 8 bytes cannot carry a seed and are all zeros.
#pragma once

#include <taps/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace taps::synthetic {

/// splitmix64: a fast, well-mixed 64-bit hash of a counter.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// A block of `size` bytes carrying `seed`.
Bytes make_block(std::uint64_t seed, std::size_t size);

/// Throws a DataError naming `what` unless `block` has `size` bytes and the
/// sampled words (about 32, plus the last partial word) match its seed, and
/// the seed is `expected_seed` when one is given.
void check_block(BytesView block, std::size_t size, const char* what,
                 std::optional<std::uint64_t> expected_seed = std::nullopt);

}  // namespace taps::synthetic
