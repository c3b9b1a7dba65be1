// heightmap.hpp — the terrain every simulation rolls its ball on: a square
// grid of heights, the surface Bullet builds from it, and the geometry the
// client uses to check where a ball came to rest.
#pragma once

#include <taps/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace taps::physics {

/// n × n heights, row-major with rows along y: the height at
/// (x, y) = (column · spacing, row · spacing) is heights[row · n + column].
/// The terrain covers [0, extent()]² in x and y.
struct Heightmap {
  std::size_t n = 0;
  double spacing = 0;
  std::vector<double> heights;

  double at(std::size_t row, std::size_t column) const { return heights[row * n + column]; }
  double extent() const { return static_cast<double>(n - 1) * spacing; }
};

/// A level terrain at height 0 over [0, extent]²: one cell, two triangles.
Heightmap flat_heightmap(double extent);

/// The height of the surface at (x, y), triangulated as Bullet's
/// btHeightfieldTerrainShape does without flipped quad edges: each cell is
/// cut along the diagonal from (column + 1, row) to (column, row + 1).
/// Points outside the terrain take the height of the nearest edge.
double surface_height(const Heightmap& terrain, double x, double y);

/// The distance from point p to the nearest point of that triangulated
/// surface, searching the cells within `reach` of p in x and y.
double distance_to_surface(const Heightmap& terrain, const double (&p)[3], double reach);

}  // namespace taps::physics

template <>
struct taps::Codec<taps::physics::Heightmap> {
  static constexpr const char* type = "physics.heightmap";
  static void encode(Writer& w, const taps::physics::Heightmap& h) {
    w.put<std::uint64_t>(h.n);
    w.put(h.spacing);
    w.put(h.heights);
  }
  static taps::physics::Heightmap decode(Reader& r) {
    taps::physics::Heightmap h;
    h.n = static_cast<std::size_t>(r.get<std::uint64_t>());
    h.spacing = r.get<double>();
    h.heights = r.get<std::vector<double>>();
    if (h.n < 2 || h.heights.size() != h.n * h.n || !(h.spacing > 0)) {
      throw DecodeError("heightmap payload is corrupt: " + std::to_string(h.heights.size()) + " heights for n = " +
                        std::to_string(h.n));
    }
    return h;
  }
};
