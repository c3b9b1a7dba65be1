// batch_selection.hpp — what a round docks: the batch the surrogate
// predicts best, and a seeded random control batch from the rest.
#pragma once

#include <cstddef>
#include <random>
#include <vector>

namespace taps::docking {

/// `count` distinct entries of `pool` (all of them when it has fewer),
/// drawn by a partial Fisher-Yates shuffle on the generator's raw output,
/// so a seed draws the same on every platform.
std::vector<std::size_t> draw(std::vector<std::size_t> pool, std::size_t count, std::mt19937_64& random);

/// Positions into the candidates' predictions.
struct BatchChoice {
  std::vector<std::size_t> chosen;   // the batch_size lowest predicted scores, best first (ties: earlier first)
  std::vector<std::size_t> control;  // batch_size others drawn at random
};

BatchChoice choose_batches(const std::vector<double>& predictions, std::size_t batch_size, std::mt19937_64& random);

}  // namespace taps::docking
