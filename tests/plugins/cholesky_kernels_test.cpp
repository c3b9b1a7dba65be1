// The cholesky app's parts: tile kernels, the seeded input, the tile layout,
// the task count and the factor file.
#include "apps/cholesky/factor_file.hpp"
#include "apps/cholesky/lower_tiles.hpp"
#include "apps/cholesky/spd_matrix.hpp"
#include "apps/cholesky/tile_kernels.hpp"
#include "apps/cholesky/tiled_cholesky.hpp"

#include <taps/error.hpp>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace taps::cholesky {
namespace {

Tile spd_tile(Eigen::Index b, std::uint64_t seed) { return make_spd_matrix(b, seed); }

TileView view(const Tile& t) { return TileView(t.data(), t.rows(), t.cols()); }

TEST(TileKernels, PotrfReturnsALowerTriangularFactorOfTheTile) {
  const Tile a = spd_tile(24, 1);
  const Tile l = potrf(a);
  EXPECT_TRUE(l.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isZero(0.0));
  EXPECT_LT((l * l.transpose() - a).norm() / a.norm(), 1e-14);
}

TEST(TileKernels, PotrfRefusesATileThatIsNotPositiveDefinite) {
  Tile a = Tile::Identity(4, 4);
  a(2, 2) = -1;
  try {
    potrf(a);
    FAIL() << "potrf accepted an indefinite tile";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "NotPositiveDefinite");
  }
}

TEST(TileKernels, TrsmSolvesXTimesTheTransposedFactorForTheTile) {
  const Tile l_kk = potrf(spd_tile(16, 2));
  const Tile a_ik = Tile::Random(16, 16);
  const Tile x = trsm(view(l_kk), a_ik);
  EXPECT_LT((x * l_kk.transpose() - a_ik).norm() / a_ik.norm(), 1e-14);
}

TEST(TileKernels, GemmSubtractsTheProductWithTheSecondFactorTransposed) {
  const Tile a = Tile::Random(8, 8);
  const Tile l1 = Tile::Random(8, 8);
  const Tile l2 = Tile::Random(8, 8);
  EXPECT_TRUE(gemm(a, view(l1), view(l2)).isApprox(a - l1 * l2.transpose()));
}

TEST(TileKernels, SyrkUpdatesTheLowerTriangleOnlyAndLeavesTheUpperAsItWas) {
  const Tile a = spd_tile(8, 3);
  const Tile l = Tile::Random(8, 8);
  const Tile updated = syrk(a, view(l));
  const Tile expected = a - l * l.transpose();
  EXPECT_TRUE(updated.triangularView<Eigen::Lower>().toDenseMatrix().isApprox(
      expected.triangularView<Eigen::Lower>().toDenseMatrix()));
  EXPECT_EQ(updated.triangularView<Eigen::StrictlyUpper>().toDenseMatrix(),
            a.triangularView<Eigen::StrictlyUpper>().toDenseMatrix());
}

TEST(SpdMatrix, IsTheSameForTheSameSeedAndDiffersForAnother) {
  EXPECT_EQ(make_spd_matrix(32, 7), make_spd_matrix(32, 7));
  EXPECT_NE(make_spd_matrix(32, 7), make_spd_matrix(32, 8));
}

TEST(SpdMatrix, IsSymmetricAndPositiveDefinite) {
  const Eigen::MatrixXd a = make_spd_matrix(50, 3);
  EXPECT_EQ(a, a.transpose());
  // A = B·Bᵀ + n·I: every eigenvalue is at least n.
  const Eigen::VectorXd eigenvalues = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(a).eigenvalues();
  EXPECT_GE(eigenvalues.minCoeff(), 50 - 1e-9);
}

TEST(SpdMatrix, ComesFromTheStandardGeneratorsRawOutputAlone) {
  // mt19937_64 is specified bit for bit and the entries of B are computed
  // from its raw output, so A(0,0) = b₀² + 1 for n = 1 on every platform.
  std::mt19937_64 random(5);
  const double b0 = static_cast<double>(random() >> 11) / 9007199254740992.0 * 2.0 - 1.0;
  EXPECT_EQ(make_spd_matrix(1, 5)(0, 0), b0 * b0 + 1.0);
}

TEST(LowerTiles, SplitsTheLowerTriangleIntoTilesWithWholeDiagonalTiles) {
  const Eigen::MatrixXd a = make_spd_matrix(12, 1);
  const LowerTiles tiles = LowerTiles::split(a, 4);
  ASSERT_EQ(tiles.tiles_per_side(), 3);
  EXPECT_EQ(tiles.size(), 12);
  for (Eigen::Index i = 0; i < 3; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) EXPECT_EQ(tiles(i, j), a.block(4 * i, 4 * j, 4, 4)) << i << "," << j;
  }
}

TEST(TaskCounts, MatchCountingEveryTileOperationOfTheLoops) {
  for (std::int64_t t = 1; t <= 12; ++t) {
    TaskCounts counted{0, 0, 0, 0};
    for (std::int64_t k = 0; k < t; ++k) {
      ++counted.potrf;
      for (std::int64_t i = k + 1; i < t; ++i) {
        ++counted.trsm;
        ++counted.syrk;
        for (std::int64_t j = k + 1; j < i; ++j) ++counted.gemm;
      }
    }
    const TaskCounts formula = task_counts(t);
    EXPECT_EQ(formula.potrf, counted.potrf) << t;
    EXPECT_EQ(formula.trsm, counted.trsm) << t;
    EXPECT_EQ(formula.syrk, counted.syrk) << t;
    EXPECT_EQ(formula.gemm, counted.gemm) << t;
  }
  EXPECT_EQ(task_counts(8).total(), 120);
}

TEST(FactorFile, HoldsAHeaderThenTheWholeLowerTriangularMatrixColumnMajor) {
  LowerTiles l(2, 3);
  for (Eigen::Index i = 0; i < 2; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) l(i, j) = Tile::Constant(3, 3, static_cast<double>(10 * i + j + 1));
  }
  l(0, 0).triangularView<Eigen::StrictlyUpper>().setZero();
  l(1, 1).triangularView<Eigen::StrictlyUpper>().setZero();

  std::string pattern = (std::filesystem::temp_directory_path() / "taps-lbin-XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  write_factor_file(l, dir / "L.bin");
  std::ifstream in(dir / "L.bin", std::ios::binary);
  char magic[8];
  std::uint64_t header[3];
  in.read(magic, sizeof magic);
  in.read(reinterpret_cast<char*>(header), sizeof header);
  Eigen::MatrixXd read(6, 6);
  in.read(reinterpret_cast<char*>(read.data()), 36 * sizeof(double));
  ASSERT_TRUE(in);
  EXPECT_EQ(in.peek(), EOF) << "nothing after the data";
  std::filesystem::remove_all(dir);

  EXPECT_EQ(std::string(magic, 8), "TAPSMAT1");
  EXPECT_EQ(header[0], 6u);
  EXPECT_EQ(header[1], 6u);
  EXPECT_EQ(header[2], 8u);
  Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(6, 6);
  expected.block(0, 0, 3, 3) = l(0, 0);
  expected.block(3, 0, 3, 3) = l(1, 0);
  expected.block(3, 3, 3, 3) = l(1, 1);
  EXPECT_EQ(read, expected);
}

}  // namespace
}  // namespace taps::cholesky
