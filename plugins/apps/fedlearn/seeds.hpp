// seeds.hpp — every random choice of the app comes from a seed derived from
// (run seed, round, client), never from shared generator state: so a client's
// training draws the same numbers whichever worker, thread or process runs
// it, and in whatever order the tasks finish.
#pragma once

#include <cstdint>

namespace taps::fedlearn {

/// SplitMix64's finaliser: a bijection that spreads nearby inputs apart.
constexpr std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// What a purpose draws from; purposes keep the streams of one round apart.
enum class Purpose : std::uint64_t { initial_weights = 1, partition = 2, selection = 3, local_training = 4 };

constexpr std::uint64_t derive_seed(std::uint64_t seed, Purpose purpose, std::uint64_t round = 0,
                                    std::uint64_t client = 0) {
  return mix(mix(mix(mix(seed) ^ static_cast<std::uint64_t>(purpose)) ^ round) ^ client);
}

}  // namespace taps::fedlearn
