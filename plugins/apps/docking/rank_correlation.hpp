// rank_correlation.hpp — Spearman's rank correlation, for how well the
// surrogate ordered the molecules it chose.
#pragma once

#include <optional>
#include <vector>

namespace taps::docking {

/// Ranks 1..n, ties given the mean of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& values);

/// Pearson's correlation of the average ranks of x and y; nothing when
/// there are fewer than two pairs or either side is constant.
std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace taps::docking
