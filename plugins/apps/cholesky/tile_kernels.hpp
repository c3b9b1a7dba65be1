// tile_kernels.hpp — the four task functions of the tiled right-looking
// Cholesky factorization A = L·Lᵀ, on b x b tiles.
//
// With Lᵢₖ the tiles of L and Aᵢⱼ the tiles of A as updated so far:
//   potrf:  Lₖₖ  = chol(Aₖₖ)                    (lower triangular)
//   trsm:   Lᵢₖ  = Aᵢₖ · Lₖₖ⁻ᵀ                  (solves X·Lₖₖᵀ = Aᵢₖ), i > k
//   syrk:   Aᵢᵢ -= Lᵢₖ · Lᵢₖᵀ              (lower triangle only), i > k
//   gemm:   Aᵢⱼ -= Lᵢₖ · Lⱼₖᵀ                                     i > j > k
//
// Tiles a kernel only reads arrive as views into the task's argument payload
// (no copy); the tile it updates arrives as its own matrix and is returned.
#pragma once

#include "lower_tiles.hpp"

namespace taps::cholesky {

/// A tile read in place.
using TileView = Eigen::Map<const Tile>;

/// The Cholesky factor of a diagonal tile, with its strict upper triangle
/// zero. Throws a NotPositiveDefinite error when the tile is not.
Tile potrf(Tile a_kk);

/// A tile of L below the diagonal from the factored diagonal tile above it.
Tile trsm(TileView l_kk, Tile a_ik);

/// The update of a diagonal tile by a tile of L left of it. Only the lower
/// triangle is updated (the upper one is left as it was): potrf reads only
/// the lower triangle, and a symmetric rank-b update of one triangle is
/// half the work of a general product.
Tile syrk(Tile a_ii, TileView l_ik);

/// The update of an off-diagonal tile by the two tiles of L left of it and
/// left of its mirror.
Tile gemm(Tile a_ij, TileView l_ik, TileView l_jk);

}  // namespace taps::cholesky
