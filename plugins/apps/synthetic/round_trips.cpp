#include "round_trips.hpp"

#include <algorithm>
#include <cmath>

namespace taps::synthetic {

namespace {

constexpr double smallest = 1e-9;  // s: the lowest bin's lower edge
constexpr int bins_per_decade = 1000;
constexpr int decades = 13;        // 1 ns .. 10^4 s; longer times share the last bin

}  // namespace

RoundTrips::RoundTrips() : bins_(static_cast<std::size_t>(bins_per_decade * decades), 0) {}

std::size_t RoundTrips::bin_of(double seconds) const {
  if (!(seconds > smallest)) return 0;
  const double position = std::log10(seconds / smallest) * bins_per_decade;
  return std::min(bins_.size() - 1, static_cast<std::size_t>(position));
}

double RoundTrips::value_of(std::size_t bin) const {
  // The bin's geometric middle.
  return smallest * std::pow(10.0, (static_cast<double>(bin) + 0.5) / bins_per_decade);
}

void RoundTrips::add(double seconds) {
  ++bins_[bin_of(seconds)];
  ++count_;
  sum_ += seconds;
  max_ = std::max(max_, seconds);
}

double RoundTrips::median() const {
  if (count_ == 0) return 0;
  if (count_ == 1) return max_;
  // The mean of the values ranked (n-1)/2 and n/2 (0-based), as the exact
  // median of an even count is.
  const auto value_ranked = [this](std::uint64_t rank) {
    std::uint64_t seen = 0;
    for (std::size_t bin = 0; bin < bins_.size(); ++bin) {
      seen += bins_[bin];
      if (seen > rank) return std::min(value_of(bin), max_);
    }
    return max_;
  };
  return (value_ranked((count_ - 1) / 2) + value_ranked(count_ / 2)) / 2;
}

}  // namespace taps::synthetic
