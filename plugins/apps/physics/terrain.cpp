#include "terrain.hpp"

#include "gaussian_filter.hpp"

#include <libnoise/noise.h>

#include <algorithm>

namespace taps::physics {

Heightmap generate_terrain(const TerrainSettings& settings, std::uint64_t seed) {
  Heightmap terrain;
  terrain.n = static_cast<std::size_t>(settings.width * settings.resolution);
  terrain.spacing = 1.0 / static_cast<double>(settings.resolution);
  terrain.heights.resize(terrain.n * terrain.n);

  noise::module::Perlin perlin;
  perlin.SetSeed(static_cast<int>(seed & 0x7fffffff));
  perlin.SetFrequency(1.0);
  perlin.SetOctaveCount(static_cast<int>(settings.octaves));
  perlin.SetPersistence(settings.persistence);
  perlin.SetLacunarity(settings.lacunarity);
  for (std::size_t row = 0; row < terrain.n; ++row) {
    for (std::size_t column = 0; column < terrain.n; ++column) {
      const double x = static_cast<double>(column) * terrain.spacing / settings.scale;
      const double y = static_cast<double>(row) * terrain.spacing / settings.scale;
      terrain.heights[row * terrain.n + column] = perlin.GetValue(x, y, 0.0);
    }
  }

  gaussian_filter(terrain.heights, terrain.n, static_cast<double>(settings.filter_size));

  const auto [lowest, highest] = std::minmax_element(terrain.heights.begin(), terrain.heights.end());
  const double low = *lowest, range = *highest - *lowest;
  for (double& h : terrain.heights) {
    h = range > 0 ? (h - low) * static_cast<double>(settings.height) / range : 0.0;
  }
  return terrain;
}

}  // namespace taps::physics
