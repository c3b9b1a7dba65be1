// gaussian_filter.hpp — the smoothing the reference applies to its noise
// map: scipy.ndimage.gaussian_filter with its defaults (truncate = 4,
// mode = "reflect").
#pragma once

#include <cstddef>
#include <vector>

namespace taps::physics {

/// The normalized 1-D Gaussian of standard deviation `sigma`, radius
/// int(4·sigma + 0.5), as scipy builds it. sigma 0 is the identity {1}.
std::vector<double> gaussian_kernel(double sigma);

/// Smooths the n × n row-major `grid` in place with a Gaussian of standard
/// deviation `sigma` cells along each axis in turn. Beyond an edge the grid
/// is mirrored including the edge sample (scipy's "reflect": d c b a | a b c d).
void gaussian_filter(std::vector<double>& grid, std::size_t n, double sigma);

}  // namespace taps::physics
