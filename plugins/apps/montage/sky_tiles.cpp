#include "sky_tiles.hpp"

#include <taps/error.hpp>

#include <cmath>
#include <cstdio>
#include <random>

namespace taps::montage {

namespace {

constexpr double pi = 3.14159265358979323846;

// Uniform numbers from the generator's raw bits (std:: distributions differ
// between standard libraries).
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : bits_(seed) {}
  double unit() { return static_cast<double>(bits_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  double gaussian() {  // Box-Muller
    const double u = 1.0 - unit();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2 * pi * unit());
  }

 private:
  std::mt19937_64 bits_;
};

double bilinear(const Image& frame, double x, double y) {
  const long x0 = static_cast<long>(std::floor(x)), y0 = static_cast<long>(std::floor(y));
  const double fx = x - static_cast<double>(x0), fy = y - static_cast<double>(y0);
  return (1 - fx) * (1 - fy) * frame.at(x0, y0) + fx * (1 - fy) * frame.at(x0 + 1, y0) +
         (1 - fx) * fy * frame.at(x0, y0 + 1) + fx * fy * frame.at(x0 + 1, y0 + 1);
}

std::string tile_name(long row, long column) {
  char name[64];
  std::snprintf(name, sizeof name, "tile_%02ld_%02ld.fits", row, column);
  return name;
}

}  // namespace

std::vector<Tile> make_tiles(const Image& frame, const TileOptions& o) {
  const double step = static_cast<double>(o.tile_size) * (1.0 - o.overlap);
  const double extent = static_cast<double>(o.tile_size) + static_cast<double>(o.tiles_per_side - 1) * step;
  const double usable = static_cast<double>(frame.width) - 2 * frame_margin;
  auto too_big = [&] {
    char text[256];
    std::snprintf(text, sizeof text,
                  "%ld x %ld tiles of %ld px with overlap %.2f span %.0f frame pixels (plus room to rotate); the M51 "
                  "frame has %.0f usable: use fewer, smaller or more overlapping tiles",
                  o.tiles_per_side, o.tiles_per_side, o.tile_size, o.overlap, extent, usable);
    return Error("ConfigError", text, TAPS_INVALID_ARGUMENT);
  };
  if (extent > usable) throw too_big();

  Draws draws(o.seed);
  const double centre = (static_cast<double>(frame.width) + 1) / 2;
  const double tile_centre = (static_cast<double>(o.tile_size) + 1) / 2;
  std::vector<Tile> tiles;
  for (long row = 0; row < o.tiles_per_side; ++row) {
    for (long column = 0; column < o.tiles_per_side; ++column) {
      Tile t;
      t.name = tile_name(row, column);
      const double half = static_cast<double>(o.tiles_per_side - 1) / 2;
      t.frame_x = centre + (static_cast<double>(column) - half) * step + draws.uniform(-2, 2);
      t.frame_y = centre + (static_cast<double>(row) - half) * step + draws.uniform(-2, 2);
      t.rotation = draws.uniform(-3, 3);
      t.background_level = draws.uniform(-100, 100);
      t.background_slope_x = draws.uniform(-0.1, 0.1);
      t.background_slope_y = draws.uniform(-0.1, 0.1);

      Image& image = t.image;
      image.width = image.height = o.tile_size;
      const Wcs::Sky pointing = frame.wcs.to_sky({t.frame_x, t.frame_y});
      image.wcs = frame.wcs;
      image.wcs.crval1 = pointing.ra;
      image.wcs.crval2 = pointing.dec;
      image.wcs.crpix1 = image.wcs.crpix2 = tile_centre;
      image.wcs.crota2 = t.rotation;
      image.pixels.resize(static_cast<std::size_t>(o.tile_size * o.tile_size));
      for (long y = 1; y <= o.tile_size; ++y) {
        for (long x = 1; x <= o.tile_size; ++x) {
          const Wcs::Pixel p = frame.wcs.to_pixel(image.wcs.to_sky({static_cast<double>(x), static_cast<double>(y)}));
          if (!(p.x >= 1 + frame_margin && p.x <= static_cast<double>(frame.width) - frame_margin &&
                p.y >= 1 + frame_margin && p.y <= static_cast<double>(frame.height) - frame_margin)) {
            throw too_big();
          }
          const double dx = static_cast<double>(x) - tile_centre, dy = static_cast<double>(y) - tile_centre;
          image.at(x, y) = bilinear(frame, p.x, p.y) + t.background_level + t.background_slope_x * dx +
                           t.background_slope_y * dy + tile_noise_sigma * draws.gaussian();
        }
      }
      tiles.push_back(std::move(t));
    }
  }
  return tiles;
}

void write_tiles(const std::vector<Tile>& tiles, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  for (const Tile& t : tiles) write_file(folder / t.name, write_fits(t.image));
}

}  // namespace taps::montage
