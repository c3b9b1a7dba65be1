// The federation's own arithmetic: dealing samples to clients, choosing the
// clients of a round, FedAvg, and the verdict on a run's rounds.
#include "apps/fedlearn/fedavg.hpp"
#include "apps/fedlearn/learning_check.hpp"
#include "apps/fedlearn/partition.hpp"
#include "apps/fedlearn/seeds.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace taps::fedlearn {
namespace {

/// Every index of [0, n) exactly once across the shards.
void expect_disjoint_cover(const std::vector<std::vector<std::uint32_t>>& shards, std::size_t n) {
  std::vector<int> seen(n, 0);
  for (const auto& shard : shards) {
    for (std::uint32_t i : shard) ++seen[i];
  }
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int k) { return k == 1; }));
}

TEST(Partition, IidSplitIsEvenAndCoversEverySampleOnce) {
  const auto shards = partition_samples(1003, 4, 0.0, 9);
  ASSERT_EQ(shards.size(), 4u);
  for (const auto& shard : shards) EXPECT_NEAR(static_cast<double>(shard.size()), 250.75, 1.0);
  expect_disjoint_cover(shards, 1003);
  EXPECT_EQ(shards, partition_samples(1003, 4, 0.0, 9));
  EXPECT_NE(shards, partition_samples(1003, 4, 0.0, 10));
}

TEST(Partition, LargeAlphaGivesNearEqualSharesAndSmallAlphaVeryUnequalOnes) {
  const auto even = partition_samples(20000, 5, 1e5, 1);
  const auto skewed = partition_samples(20000, 5, 0.1, 1);
  expect_disjoint_cover(even, 20000);
  expect_disjoint_cover(skewed, 20000);
  auto spread = [](const auto& shards) {
    std::size_t lo = SIZE_MAX, hi = 0;
    for (const auto& s : shards) lo = std::min(lo, s.size()), hi = std::max(hi, s.size());
    return hi - lo;
  };
  EXPECT_LT(spread(even), 400u);     // ~4000 each, binomial noise only
  EXPECT_GT(spread(skewed), 8000u);  // Dirichlet(0.1) shares are far apart
}

TEST(SelectClients, TakesTheFractionAtLeastOneDistinctAndSorted) {
  EXPECT_EQ(select_clients(8, 1.0, 3), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(select_clients(8, 0.01, 3).size(), 1u);
  const auto half = select_clients(10, 0.5, 3);
  EXPECT_EQ(half.size(), 5u);
  EXPECT_TRUE(std::is_sorted(half.begin(), half.end()));
  EXPECT_EQ(std::set<std::size_t>(half.begin(), half.end()).size(), 5u);
  std::set<std::vector<std::size_t>> draws;
  for (std::uint64_t round = 1; round <= 5; ++round) {
    draws.insert(select_clients(10, 0.5, derive_seed(0, Purpose::selection, round)));
  }
  EXPECT_GT(draws.size(), 1u) << "every round picks the same clients";
}

TEST(FederatedAverage, WeighsEachClientBySamples) {
  std::vector<ClientUpdate> updates(2);
  updates[0].weights = Weights::Constant(3, 1.0f);
  updates[0].samples = 1;
  updates[1].weights = Weights::Constant(3, 5.0f);
  updates[1].samples = 3;
  EXPECT_EQ(federated_average(updates), Weights::Constant(3, 4.0f));
  updates[0].samples = updates[1].samples = 0;  // train = false: a plain mean
  EXPECT_EQ(federated_average(updates), Weights::Constant(3, 3.0f));
  updates[1].weights = Weights::Zero(2);
  EXPECT_THROW(federated_average(updates), Error);
  EXPECT_THROW(federated_average({}), Error);
}

RoundRecord round_with(std::uint64_t round, double accuracy) {
  RoundRecord r;
  r.round = round;
  r.test_accuracy = accuracy;
  return r;
}

TEST(LearningCheck, PassesARiseToTheFloorAndFailsAnythingElse) {
  EXPECT_NE(check_learning({round_with(1, 0.7), round_with(2, 0.82)}, 0.8).find("rose from 70.00 %"),
            std::string::npos);
  EXPECT_THROW(check_learning({round_with(1, 0.7), round_with(2, 0.7)}, 0.0), Error);
  EXPECT_THROW(check_learning({round_with(1, 0.7), round_with(2, 0.75)}, 0.8), Error);
  EXPECT_NO_THROW(check_learning({round_with(1, 0.9)}, 0.8));
  EXPECT_THROW(check_steps(1, 10, 20), Error);
  EXPECT_NO_THROW(check_steps(1, 20, 20));
}

}  // namespace
}  // namespace taps::fedlearn
