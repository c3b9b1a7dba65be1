// terrain.hpp — the reference's golf green: seeded Perlin noise (libnoise),
// smoothed with a Gaussian and scaled to [0, height].
#pragma once

#include "heightmap.hpp"

#include <cstdint>

namespace taps::physics {

/// The reference's terrain options (taps/apps/configs/physics.py).
struct TerrainSettings {
  std::int64_t width;        // metres along x and y
  std::int64_t height;       // the highest point, metres
  std::int64_t resolution;   // samples per metre
  double scale;              // metres per unit of noise space ("how far away the map is viewed from")
  std::int64_t octaves;      // noise octaves
  double persistence;        // amplitude ratio between octaves
  double lacunarity;         // frequency ratio between octaves
  std::int64_t filter_size;  // standard deviation of the smoothing, in samples
};

/// width · resolution samples per side, spacing 1/resolution. The sample at
/// (x, y) is libnoise's Perlin value at (x/scale, y/scale, 0) with the given
/// seed, octaves, persistence and lacunarity; the grid is then smoothed as
/// gaussian_filter(grid, filter_size) and scaled linearly so its lowest
/// sample is 0 and its highest `height` (all 0 when the noise is constant).
Heightmap generate_terrain(const TerrainSettings& settings, std::uint64_t seed);

}  // namespace taps::physics
