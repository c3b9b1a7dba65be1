#include "tile_kernels.hpp"

#include <taps/error.hpp>

namespace taps::cholesky {

Tile potrf(Tile a_kk) {
  // In place: the factor overwrites the lower triangle of the tile.
  Eigen::LLT<Eigen::Ref<Tile>> llt(a_kk);
  if (llt.info() != Eigen::Success) {
    throw Error("NotPositiveDefinite", "potrf: a diagonal tile is not positive definite");
  }
  a_kk.triangularView<Eigen::StrictlyUpper>().setZero();
  return a_kk;
}

Tile trsm(TileView l_kk, Tile a_ik) {
  // X·Lₖₖᵀ = Aᵢₖ, with Lₖₖᵀ upper triangular, solved in place from the right.
  l_kk.transpose().triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(a_ik);
  return a_ik;
}

Tile syrk(Tile a_ii, TileView l_ik) {
  a_ii.selfadjointView<Eigen::Lower>().rankUpdate(l_ik, -1.0);
  return a_ii;
}

Tile gemm(Tile a_ij, TileView l_ik, TileView l_jk) {
  a_ij.noalias() -= l_ik * l_jk.transpose();
  return a_ij;
}

}  // namespace taps::cholesky
