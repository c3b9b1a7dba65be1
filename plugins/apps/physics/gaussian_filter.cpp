#include "gaussian_filter.hpp"

#include <cmath>
#include <cstdint>

namespace taps::physics {

namespace {

// The sample that index i (possibly outside [0, n)) reads under "reflect",
// folding as often as a kernel wider than the grid needs.
std::size_t reflect(std::int64_t i, std::int64_t n) {
  const std::int64_t period = 2 * n;
  i %= period;
  if (i < 0) i += period;
  return static_cast<std::size_t>(i < n ? i : period - 1 - i);
}

}  // namespace

std::vector<double> gaussian_kernel(double sigma) {
  const auto radius = static_cast<std::int64_t>(4.0 * sigma + 0.5);
  std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
  if (radius == 0) {
    kernel[0] = 1;
    return kernel;
  }
  double sum = 0;
  for (std::int64_t k = -radius; k <= radius; ++k) {
    const double x = static_cast<double>(k);
    sum += kernel[static_cast<std::size_t>(k + radius)] = std::exp(-0.5 * x * x / (sigma * sigma));
  }
  for (double& w : kernel) w /= sum;
  return kernel;
}

void gaussian_filter(std::vector<double>& grid, std::size_t n, double sigma) {
  const std::vector<double> kernel = gaussian_kernel(sigma);
  if (kernel.size() == 1) return;
  const auto radius = static_cast<std::int64_t>(kernel.size() / 2);
  const auto size = static_cast<std::int64_t>(n);
  std::vector<double> line(n);
  // stride 1 smooths along rows (x), stride n along columns (y).
  for (const std::size_t stride : {std::size_t{1}, n}) {
    const std::size_t step_between_lines = stride == 1 ? n : 1;
    for (std::size_t l = 0; l < n; ++l) {
      double* first = grid.data() + l * step_between_lines;
      for (std::int64_t i = 0; i < size; ++i) {
        double value = 0;
        for (std::int64_t k = -radius; k <= radius; ++k) {
          value += kernel[static_cast<std::size_t>(k + radius)] * first[reflect(i + k, size) * stride];
        }
        line[static_cast<std::size_t>(i)] = value;
      }
      for (std::size_t i = 0; i < n; ++i) first[i * stride] = line[i];
    }
  }
}

}  // namespace taps::physics
