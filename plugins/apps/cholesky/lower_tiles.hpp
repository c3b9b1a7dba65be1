// lower_tiles.hpp — a symmetric or lower-triangular matrix kept as the square
// tiles of its lower triangle, the unit the tiled factorization works on.
#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <vector>

namespace taps::cholesky {

using Tile = Eigen::MatrixXd;

/// Where tile (i, j), j <= i, of the lower triangle is kept when the
/// triangle is stored row by row.
inline std::size_t lower_index(Eigen::Index i, Eigen::Index j) {
  return static_cast<std::size_t>(i * (i + 1) / 2 + j);
}

/// How many tiles the lower triangle of t x t tiles has.
inline std::size_t lower_count(Eigen::Index t) { return static_cast<std::size_t>(t * (t + 1) / 2); }

/// Tiles (i, j) with j <= i of a matrix of tiles_per_side x tiles_per_side
/// tiles of block_size x block_size each.
class LowerTiles {
 public:
  LowerTiles(Eigen::Index tiles_per_side, Eigen::Index block_size);

  /// Cuts the lower triangle of `a` into tiles; a diagonal tile is copied
  /// whole, both of its triangles.
  static LowerTiles split(const Eigen::MatrixXd& a, Eigen::Index block_size);

  Tile& operator()(Eigen::Index i, Eigen::Index j) { return tiles_[lower_index(i, j)]; }
  const Tile& operator()(Eigen::Index i, Eigen::Index j) const { return tiles_[lower_index(i, j)]; }

  Eigen::Index tiles_per_side() const { return tiles_per_side_; }
  Eigen::Index block_size() const { return block_size_; }
  Eigen::Index size() const { return tiles_per_side_ * block_size_; }

 private:
  Eigen::Index tiles_per_side_;
  Eigen::Index block_size_;
  std::vector<Tile> tiles_;
};

}  // namespace taps::cholesky
