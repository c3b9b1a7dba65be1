// The cholesky app's verification: it passes a correct factor and catches
// the mistakes a tiled factorization is prone to, among them the
// reference's (a missing transpose, the wrong triangle updated).
#include "apps/cholesky/lower_tiles.hpp"
#include "apps/cholesky/residual.hpp"
#include "apps/cholesky/spd_matrix.hpp"
#include "apps/cholesky/tile_kernels.hpp"

#include <taps/error.hpp>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace taps::cholesky {
namespace {

constexpr Eigen::Index n = 96;
constexpr Eigen::Index b = 24;

TileView view(const Tile& t) { return TileView(t.data(), t.rows(), t.cols()); }

// A trsm that forgets the transpose: X = Aᵢₖ·Lₖₖ⁻¹ instead of Aᵢₖ·Lₖₖ⁻ᵀ.
Tile trsm_without_transpose(TileView l_kk, Tile a_ik) {
  l_kk.triangularView<Eigen::Lower>().solveInPlace<Eigen::OnTheRight>(a_ik);
  return a_ik;
}

// The reference's gemm: Aᵢⱼ − Lᵢₖ·Lⱼₖ, without the transpose.
Tile gemm_without_transpose(Tile a_ij, TileView l_ik, TileView l_jk) {
  a_ij.noalias() -= l_ik * l_jk;
  return a_ij;
}

// The factorization run serially, with the trsm and gemm under test.
template <class Trsm, class Gemm>
LowerTiles factor_serially(const LowerTiles& a, Trsm trsm_fn, Gemm gemm_fn) {
  LowerTiles work = a;
  const Eigen::Index t = a.tiles_per_side();
  for (Eigen::Index k = 0; k < t; ++k) {
    work(k, k) = potrf(work(k, k));
    for (Eigen::Index i = k + 1; i < t; ++i) work(i, k) = trsm_fn(view(work(k, k)), work(i, k));
    for (Eigen::Index i = k + 1; i < t; ++i) {
      work(i, i) = syrk(work(i, i), view(work(i, k)));
      for (Eigen::Index j = k + 1; j < i; ++j) {
        work(i, j) = gemm_fn(work(i, j), view(work(i, k)), view(work(j, k)));
      }
    }
  }
  return work;
}

class Verification : public ::testing::Test {
 protected:
  const LowerTiles a_ = LowerTiles::split(make_spd_matrix(n, 11), b);
};

TEST_F(Verification, AcceptsTheTiledFactorWithAResidualNearRoundoff) {
  const LowerTiles l = factor_serially(a_, trsm, gemm);
  const double residual = verify_factor(a_, l);
  EXPECT_LE(residual, 1e-15);
}

TEST_F(Verification, AgreesWithEigensLltOnTheWholeMatrix) {
  const Eigen::MatrixXd full = make_spd_matrix(n, 11);
  const Eigen::MatrixXd l_full = full.llt().matrixL();
  const LowerTiles l = LowerTiles::split(l_full, b);
  EXPECT_LE(verify_factor(a_, l), 1e-15);
  const LowerTiles tiled = factor_serially(a_, trsm, gemm);
  for (Eigen::Index i = 0; i < l.tiles_per_side(); ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) EXPECT_TRUE(tiled(i, j).isApprox(l(i, j), 1e-12)) << i << "," << j;
  }
}

TEST_F(Verification, CatchesATrsmThatMissesTheTranspose) {
  const LowerTiles l = factor_serially(a_, trsm_without_transpose, gemm);
  EXPECT_GT(relative_residual(a_, l), 1e-6);
  EXPECT_THROW(verify_factor(a_, l), Error);
}

TEST_F(Verification, CatchesAGemmThatMissesTheTranspose) {
  const LowerTiles l = factor_serially(a_, trsm, gemm_without_transpose);
  EXPECT_GT(relative_residual(a_, l), 1e-6);
  EXPECT_THROW(verify_factor(a_, l), Error);
}

TEST_F(Verification, CatchesUpdatesAppliedToTheUpperTriangleInstead) {
  // The reference updates tiles (i, j) with j >= i: the tiles below the
  // diagonal then never see their updates.
  const LowerTiles l = factor_serially(a_, trsm, [](Tile a_ij, TileView, TileView) { return a_ij; });
  EXPECT_THROW(verify_factor(a_, l), Error);
}

TEST_F(Verification, CatchesOneWrongEntryInOneTile) {
  LowerTiles l = factor_serially(a_, trsm, gemm);
  l(3, 1)(5, 7) += 1e-6 * l(3, 1).norm();
  EXPECT_THROW(verify_factor(a_, l), Error);
}

TEST_F(Verification, RefusesAFactorWithNonzerosAboveItsDiagonal) {
  LowerTiles l = factor_serially(a_, trsm, gemm);
  l(2, 2)(0, 1) = 1e-300;
  try {
    verify_factor(a_, l);
    FAIL() << "a factor that is not lower triangular passed";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "VerificationError");
    EXPECT_NE(std::string(e.what()).find("lower triangular"), std::string::npos) << e.what();
  }
}

TEST_F(Verification, RefusesAFactorHoldingNaN) {
  LowerTiles l = factor_serially(a_, trsm, gemm);
  l(1, 0)(0, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(verify_factor(a_, l), Error);
}

TEST_F(Verification, NamesTheResidualAndTheToleranceInItsError) {
  const LowerTiles l = factor_serially(a_, trsm_without_transpose, gemm);
  try {
    verify_factor(a_, l);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "VerificationError");
    EXPECT_NE(std::string(e.what()).find("exceeds 1e-12"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace taps::cholesky
