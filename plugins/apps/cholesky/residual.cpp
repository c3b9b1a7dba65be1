#include "residual.hpp"

#include <taps/error.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace taps::cholesky {

double relative_residual(const LowerTiles& a, const LowerTiles& l) {
  double residual_squared = 0;
  double a_squared = 0;
  Tile r;
  for (Eigen::Index i = 0; i < a.tiles_per_side(); ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) {
      // (L·Lᵀ)ᵢⱼ = Σₖ Lᵢₖ·Lⱼₖᵀ over k <= j: the tiles of L right of the
      // diagonal are zero.
      r = a(i, j);
      for (Eigen::Index k = 0; k <= j; ++k) r.noalias() -= l(i, k) * l(j, k).transpose();
      const double weight = i == j ? 1.0 : 2.0;
      residual_squared += weight * r.squaredNorm();
      a_squared += weight * a(i, j).squaredNorm();
    }
  }
  return std::sqrt(residual_squared / a_squared);
}

double verify_factor(const LowerTiles& a, const LowerTiles& l, double tolerance) {
  for (Eigen::Index k = 0; k < l.tiles_per_side(); ++k) {
    if (!l(k, k).triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isZero(0.0)) {
      throw Error("VerificationError", "L is not lower triangular: diagonal tile " + std::to_string(k) +
                                           " has nonzeros above its diagonal");
    }
  }
  const double residual = relative_residual(a, l);
  // Also refuses NaN, which compares false with everything.
  if (!(residual <= tolerance)) {
    char message[160];
    std::snprintf(message, sizeof message, "relative residual ||L*L^T - A||_F / ||A||_F = %.3e exceeds %.0e",
                  residual, tolerance);
    throw Error("VerificationError", message);
  }
  return residual;
}

}  // namespace taps::cholesky
