// The terrain: the reference's Gaussian smoothing (checked against scipy's
// own numbers), the seeded libnoise green, and the surface geometry the
// client checks resting balls against.
#include "apps/physics/gaussian_filter.hpp"
#include "apps/physics/heightmap.hpp"
#include "apps/physics/terrain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace taps::physics {
namespace {

// A 5 × 5 grid and what scipy.ndimage.gaussian_filter (scipy 1.10, Debian
// 12) makes of it at three of its samples.
std::vector<double> scipy_grid() {
  return {0.0, 1.0, 2.8284271247461903, 5.196152422706632, 1.0,
          4.180339887498947, 0.6969384566990673, 4.520259177452132, 1.6274169979695223, 6.0,
          3.622776601683796, 1.4828726939093926, 6.569219381653056, 4.872166581031863, 3.3832034148351795,
          2.0947501931112527, 1.0, 0.09279563550022374, 6.367532368147124, 5.819079927272796,
          5.442719099991578, 5.234089594072643, 5.189146716115445, 5.304125036192545, 5.575507653592538};
}

TEST(GaussianFilter, MatchesScipyWithSigmaOne) {
  auto grid = scipy_grid();
  gaussian_filter(grid, 5, 1.0);
  EXPECT_NEAR(grid[0 * 5 + 0], 1.4388860679134796, 1e-12);
  EXPECT_NEAR(grid[2 * 5 + 3], 4.279397027570788, 1e-12);
  EXPECT_NEAR(grid[4 * 5 + 1], 4.029177451783794, 1e-12);
}

TEST(GaussianFilter, MatchesScipyWhenTheKernelIsWiderThanTheGrid) {
  auto grid = scipy_grid();
  gaussian_filter(grid, 5, 2.0);  // radius 8 on 5 samples: reflected more than once
  EXPECT_NEAR(grid[0 * 5 + 0], 2.531868503329777, 1e-12);
  EXPECT_NEAR(grid[2 * 5 + 3], 3.873103291879983, 1e-12);
  EXPECT_NEAR(grid[4 * 5 + 1], 3.7800925353898753, 1e-12);
}

TEST(GaussianFilter, SigmaZeroLeavesTheGridAlone) {
  auto grid = scipy_grid();
  gaussian_filter(grid, 5, 0.0);
  EXPECT_EQ(grid, scipy_grid());
  EXPECT_EQ(gaussian_kernel(0.0), std::vector<double>{1.0});
}

const TerrainSettings reference_terrain{20, 3, 10, 10.0, 3, 0.2, 2.0, 2};

TEST(GolfTerrain, HasTheReferenceShapeAndSpansZeroToItsHeight) {
  const Heightmap h = generate_terrain(reference_terrain, 1);
  EXPECT_EQ(h.n, 200u);
  EXPECT_DOUBLE_EQ(h.spacing, 0.1);
  EXPECT_NEAR(h.extent(), 19.9, 1e-12);
  const auto [lo, hi] = std::minmax_element(h.heights.begin(), h.heights.end());
  EXPECT_EQ(*lo, 0.0);
  EXPECT_NEAR(*hi, 3.0, 1e-12);
}

TEST(GolfTerrain, IsTheSameForTheSameSeedAndDiffersForAnother) {
  EXPECT_EQ(generate_terrain(reference_terrain, 5).heights, generate_terrain(reference_terrain, 5).heights);
  EXPECT_NE(generate_terrain(reference_terrain, 5).heights, generate_terrain(reference_terrain, 6).heights);
}

// The largest height step between neighbouring samples.
double roughness(const Heightmap& h) {
  double steepest = 0;
  for (std::size_t r = 0; r < h.n; ++r) {
    for (std::size_t c = 0; c + 1 < h.n; ++c) steepest = std::max(steepest, std::abs(h.at(r, c + 1) - h.at(r, c)));
  }
  return steepest;
}

TEST(GolfTerrain, SmoothingFlattensTheSteepestSlopes) {
  TerrainSettings rough = reference_terrain;
  rough.filter_size = 0;
  rough.octaves = 8;
  rough.persistence = 0.6;
  TerrainSettings smooth = rough;
  smooth.filter_size = 3;
  EXPECT_LT(roughness(generate_terrain(smooth, 2)), 0.5 * roughness(generate_terrain(rough, 2)));
}

// heights = a·x + b·y on a 4 × 4 grid of spacing 0.5.
Heightmap tilted(double a, double b) {
  Heightmap h{4, 0.5, std::vector<double>(16)};
  for (std::size_t r = 0; r < 4; ++r) {
    for (std::size_t c = 0; c < 4; ++c) h.heights[r * 4 + c] = a * c * 0.5 + b * r * 0.5;
  }
  return h;
}

TEST(Heightmap, SurfaceOfATiltedPlaneIsThePlane) {
  const Heightmap h = tilted(0.3, -0.2);
  for (double x : {0.0, 0.1, 0.77, 1.3, 1.5}) {
    for (double y : {0.0, 0.26, 0.9, 1.49}) EXPECT_NEAR(surface_height(h, x, y), 0.3 * x - 0.2 * y, 1e-12);
  }
}

TEST(Heightmap, CutsEachCellAlongBulletsDiagonal) {
  // One cell; only the corner (column 1, row 1) is raised. Bullet's cut runs
  // from (1, 0) to (0, 1), so the raised corner's triangle covers x + y > 1
  // and the other triangle stays level.
  const Heightmap h{2, 1.0, {0, 0, 0, 1}};
  EXPECT_DOUBLE_EQ(surface_height(h, 0.4, 0.4), 0.0);
  EXPECT_DOUBLE_EQ(surface_height(h, 0.6, 0.6), 0.2);
  EXPECT_DOUBLE_EQ(surface_height(h, 1.0, 1.0), 1.0);
}

TEST(Heightmap, DistanceToAFlatSurfaceIsTheHeightAbove) {
  const Heightmap h = flat_heightmap(10);
  EXPECT_DOUBLE_EQ(distance_to_surface(h, {3.0, 4.0, 0.25}, 1.0), 0.25);
}

TEST(Heightmap, DistanceToATiltedPlaneIsAlongItsNormal) {
  const Heightmap h = tilted(0.5, 0.0);  // z = x/2: normal (−1, 0, 2)/√5
  const double d = distance_to_surface(h, {0.75, 0.75, 0.375 + 0.1}, 0.5);
  EXPECT_NEAR(d, 0.1 * 2 / std::sqrt(5.0), 1e-12);
}

}  // namespace
}  // namespace taps::physics
