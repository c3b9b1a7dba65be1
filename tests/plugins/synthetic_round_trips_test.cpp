// The synthetic bag's round-trip summary: fixed memory, exact count, mean
// and max, the median within the histogram's 0.12 %.
#include "apps/synthetic/round_trips.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace taps::synthetic {
namespace {

double exact_median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

TEST(RoundTrips, MatchesTheExactStatisticsOfAMillionSamples) {
  std::mt19937_64 random(7);
  std::lognormal_distribution<double> seconds(std::log(2e-4), 1.0);
  RoundTrips trips;
  std::vector<double> all;
  double sum = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    const double s = seconds(random);
    trips.add(s);
    all.push_back(s);
    sum += s;
  }
  EXPECT_EQ(trips.count(), all.size());
  EXPECT_DOUBLE_EQ(trips.mean(), sum / static_cast<double>(all.size()));
  EXPECT_DOUBLE_EQ(trips.max(), *std::max_element(all.begin(), all.end()));
  const double median = exact_median(all);
  EXPECT_NEAR(trips.median(), median, median * 1.2e-3);
}

TEST(RoundTrips, SmallAndOddInputs) {
  RoundTrips trips;
  EXPECT_TRUE(trips.empty());
  EXPECT_EQ(trips.median(), 0);
  trips.add(0.25);
  EXPECT_EQ(trips.median(), 0.25);
  trips.add(0.75);
  EXPECT_NEAR(trips.median(), 0.5, 0.5 * 1.2e-3);
  trips.add(0.0);     // below the first bin
  trips.add(1e6);     // above the last
  EXPECT_EQ(trips.max(), 1e6);
  EXPECT_NEAR(trips.median(), 0.5, 0.5 * 1.2e-3);
}

}  // namespace
}  // namespace taps::synthetic
