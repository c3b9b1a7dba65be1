#include "batch_selection.hpp"

#include <algorithm>
#include <numeric>

namespace taps::docking {

std::vector<std::size_t> draw(std::vector<std::size_t> pool, std::size_t count, std::mt19937_64& random) {
  count = std::min(count, pool.size());
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(random() % (pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(count);
  return pool;
}

BatchChoice choose_batches(const std::vector<double>& predictions, std::size_t batch_size, std::mt19937_64& random) {
  std::vector<std::size_t> order(predictions.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return predictions[a] < predictions[b]; });
  const auto split = order.begin() + static_cast<std::ptrdiff_t>(std::min(batch_size, order.size()));
  BatchChoice choice;
  choice.chosen.assign(order.begin(), split);
  std::vector<std::size_t> rest(split, order.end());
  std::sort(rest.begin(), rest.end());
  choice.control = draw(std::move(rest), batch_size, random);
  return choice;
}

}  // namespace taps::docking
