// What a round docks: the surrogate's best predictions and a seeded random
// control from the rest.
#include "docking/batch_selection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace taps::docking {
namespace {

TEST(BatchSelection, ChoosesTheLowestPredictedScoresBestFirst) {
  std::mt19937_64 random(0);
  const auto choice = choose_batches({-5, -9, -1, -7, -9, -3}, 3, random);
  EXPECT_EQ(choice.chosen, (std::vector<std::size_t>{1, 4, 3})) << "ties keep the earlier candidate first";
}

TEST(BatchSelection, TheControlIsDrawnFromTheRestWithoutRepeats) {
  std::mt19937_64 random(0);
  const std::vector<double> predictions = {-5, -9, -1, -7, -9, -3, -2, -4, -6, -8};
  const auto choice = choose_batches(predictions, 3, random);
  ASSERT_EQ(choice.control.size(), 3u);
  const std::set<std::size_t> control(choice.control.begin(), choice.control.end());
  EXPECT_EQ(control.size(), 3u);
  for (const std::size_t k : choice.chosen) EXPECT_EQ(control.count(k), 0u) << k;
}

TEST(BatchSelection, TheSameSeedDrawsTheSameControlAndAnotherSeedAnother) {
  const std::vector<double> predictions(100, -1.0);
  std::mt19937_64 a(7), b(7), c(8);
  EXPECT_EQ(choose_batches(predictions, 5, a).control, choose_batches(predictions, 5, b).control);
  std::mt19937_64 a2(7);
  EXPECT_NE(choose_batches(predictions, 5, a2).control, choose_batches(predictions, 5, c).control);
}

TEST(BatchSelection, ABatchLargerThanTheCandidatesTakesThemAll) {
  std::mt19937_64 random(0);
  const auto choice = choose_batches({-1, -2}, 4, random);
  EXPECT_EQ(choice.chosen, (std::vector<std::size_t>{1, 0}));
  EXPECT_TRUE(choice.control.empty());
}

TEST(Draw, ReturnsDistinctMembersOfThePool) {
  std::mt19937_64 random(3);
  const auto drawn = draw({10, 20, 30, 40, 50}, 3, random);
  ASSERT_EQ(drawn.size(), 3u);
  for (const auto x : drawn) EXPECT_TRUE(x % 10 == 0 && x >= 10 && x <= 50) << x;
  EXPECT_EQ(std::set<std::size_t>(drawn.begin(), drawn.end()).size(), 3u);
}

}  // namespace
}  // namespace taps::docking
