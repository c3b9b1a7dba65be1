#include "lower_tiles.hpp"

namespace taps::cholesky {

LowerTiles::LowerTiles(Eigen::Index tiles_per_side, Eigen::Index block_size)
    : tiles_per_side_(tiles_per_side), block_size_(block_size),
      tiles_(lower_count(tiles_per_side)) {}

LowerTiles LowerTiles::split(const Eigen::MatrixXd& a, Eigen::Index block_size) {
  LowerTiles tiles(a.rows() / block_size, block_size);
  for (Eigen::Index i = 0; i < tiles.tiles_per_side(); ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) {
      tiles(i, j) = a.block(i * block_size, j * block_size, block_size, block_size);
    }
  }
  return tiles;
}

}  // namespace taps::cholesky
