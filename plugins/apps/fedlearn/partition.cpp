#include "partition.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace taps::fedlearn {

namespace {

/// A double uniform in [0, 1) from the top 53 bits.
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

std::vector<std::vector<std::uint32_t>> partition_samples(std::size_t samples, std::size_t clients, double alpha,
                                                          std::uint64_t seed) {
  std::vector<std::vector<std::uint32_t>> shards(clients);
  std::mt19937_64 rng(seed);
  if (alpha == 0) {
    std::vector<std::uint32_t> order(samples);
    std::iota(order.begin(), order.end(), 0u);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (std::size_t c = 0; c < clients; ++c) {
      const std::size_t first = samples * c / clients;
      const std::size_t last = samples * (c + 1) / clients;
      shards[c].assign(order.begin() + static_cast<std::ptrdiff_t>(first),
                       order.begin() + static_cast<std::ptrdiff_t>(last));
    }
    return shards;
  }
  // Dirichlet(alpha, ..., alpha) as normalised Gamma(alpha, 1) draws.
  std::gamma_distribution<double> gamma(alpha, 1.0);
  std::vector<double> cumulative(clients);
  double total = 0;
  for (std::size_t c = 0; c < clients; ++c) cumulative[c] = total += gamma(rng);
  for (double& c : cumulative) c /= total;
  cumulative.back() = 1.0;
  for (std::uint32_t i = 0; i < samples; ++i) {
    const double u = unit(rng);
    const auto c = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                            cumulative.begin());
    shards[std::min(c, clients - 1)].push_back(i);
  }
  return shards;
}

std::vector<std::size_t> select_clients(std::size_t clients, double participation, std::uint64_t seed) {
  const auto wanted = static_cast<std::size_t>(std::floor(static_cast<double>(clients) * participation));
  const std::size_t size = std::clamp<std::size_t>(wanted, 1, clients);
  std::vector<std::size_t> all(clients);
  std::iota(all.begin(), all.end(), std::size_t{0});
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < size; ++i) std::swap(all[i], all[i + rng() % (clients - i)]);
  all.resize(size);
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace taps::fedlearn
