// sky_tiles.hpp — the generated input: overlapping tiles cut from the M51
// frame, each as a telescope would have taken it.
//
// Tile (row, column) of an n x n grid is centred at the frame's centre plus
// (column - (n-1)/2, row - (n-1)/2) * step, step = tile_size * (1 - overlap),
// plus a pointing error uniform in +-2 px on each axis. Its own TAN WCS has
// its pointing as reference value, a rotation uniform in +-3 degrees and
// the frame's pixel scale. Each tile pixel's sky position is mapped to the
// frame (CFITSIO's TAN conversions both ways), the frame is sampled there
// bilinearly, and the tile's own background is added: a level uniform in
// +-100 counts and slopes uniform in +-0.1 counts/px on each axis, around
// the tile centre, plus Gaussian noise of sigma 2 counts. (Tiles cut from
// identical pixels would leave mBgModel nothing to correct.) Every number
// comes from std::mt19937_64(seed) through portable conversions, so a seed
// gives the same tiles wherever taps is built.
#pragma once

#include "fits_image.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::montage {

struct TileOptions {
  long tiles_per_side = 3;
  long tile_size = 128;
  double overlap = 0.2;  // fraction of a tile shared with its neighbour
  std::uint64_t seed = 0;
};

struct Tile {
  std::string name;  // tile_RR_CC.fits
  Image image;
  double frame_x, frame_y;  // the tile centre on the frame (1-based pixels)
  double rotation;          // degrees
  double background_level, background_slope_x, background_slope_y;
};

inline constexpr double tile_noise_sigma = 2.0;
/// Frame pixels within this distance of its edge are never sampled (the
/// frame's outer rows and columns are outside its trim section).
inline constexpr double frame_margin = 4.0;

/// Cuts the tiles. Throws a ConfigError when the grid does not fit on the
/// frame, saying how many frame pixels it needs.
std::vector<Tile> make_tiles(const Image& frame, const TileOptions& options);

/// Writes each tile as a FITS file into `folder`.
void write_tiles(const std::vector<Tile>& tiles, const std::filesystem::path& folder);

}  // namespace taps::montage
