// spd_matrix.hpp — the factorization's input: a seeded symmetric
// positive-definite matrix, the same for the same size and seed on every
// machine (the benchmark's plain-Eigen baseline makes it too).
#pragma once

#include <Eigen/Dense>

#include <cstdint>

namespace taps::cholesky {

/// A = B·Bᵀ + n·I, symmetric (both triangles filled), where B is n x n with
/// entries uniform in [-1, 1) drawn column by column from
/// std::mt19937_64(seed). B·Bᵀ is positive semi-definite, so adding n·I makes
/// A positive definite with eigenvalues >= n: well conditioned at any size.
Eigen::MatrixXd make_spd_matrix(Eigen::Index n, std::uint64_t seed);

}  // namespace taps::cholesky
