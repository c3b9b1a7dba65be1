// residual.hpp — the app's check of its own result: is L a Cholesky factor
// of A?
#pragma once

#include "lower_tiles.hpp"

namespace taps::cholesky {

/// The largest relative residual a correct factorization may have. Double
/// precision Cholesky of a well-conditioned matrix lands near 1e-16·√n.
inline constexpr double residual_tolerance = 1e-12;

/// ‖L·Lᵀ − A‖_F / ‖A‖_F, computed tile by tile over the lower triangle
/// (the residual is symmetric: each off-diagonal tile counts twice). `a`
/// holds A's diagonal tiles whole; L's tiles are used as they are, so a
/// factor with garbage above its diagonal has a large residual.
double relative_residual(const LowerTiles& a, const LowerTiles& l);

/// Returns the relative residual; throws a VerificationError naming it
/// when L is not lower triangular or the residual exceeds `tolerance`.
double verify_factor(const LowerTiles& a, const LowerTiles& l, double tolerance = residual_tolerance);

}  // namespace taps::cholesky
