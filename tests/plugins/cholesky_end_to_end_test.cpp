// The cholesky app run by taps-host on the thread-pool executor: the
// verified residual, the task count per kind in tasks.jsonl, and a clear
// failure for a block size that does not divide the matrix size.
#include "host_run.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace taps::testing {
namespace {

struct Sizes {
  int matrix_size;
  int block_size;
};

class CholeskyOnThreadPool : public ::testing::TestWithParam<Sizes> {};

TEST_P(CholeskyOnThreadPool, FactorsWithinTheResidualToleranceWithOneTaskPerTileOperation) {
  const auto [n, b] = GetParam();
  const Scratch scratch;
  const HostRun run(scratch, "--app cholesky --app.matrix-size " + std::to_string(n) + " --app.block-size " +
                                 std::to_string(b) + " --engine.executor thread-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();

  const int t = n / b;
  const std::map<std::string, int> expected{
      {"potrf", t}, {"trsm", t * (t - 1) / 2}, {"syrk", t * (t - 1) / 2}, {"gemm", t * (t - 1) * (t - 2) / 6}};
  std::map<std::string, int> nonzero;
  for (const auto& [name, count] : expected) {
    if (count != 0) nonzero[name] = count;
  }
  EXPECT_EQ(run.task_counts(), nonzero);

  const auto summary = read_json(run.run_dir() / "cholesky.json");
  ASSERT_TRUE(summary.IsObject()) << "cholesky.json";
  EXPECT_EQ(summary["matrix_size"].GetInt(), n);
  EXPECT_EQ(summary["block_size"].GetInt(), b);
  EXPECT_EQ(summary["tasks"].GetInt(), t + t * (t - 1) + t * (t - 1) * (t - 2) / 6);
  EXPECT_LE(summary["residual"].GetDouble(), 1e-12);
  EXPECT_GT(summary["seconds"].GetDouble(), 0.0);
  EXPECT_NE(read_text(run.run_dir() / "log.txt").find("Verified: relative residual"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(SmallSizes, CholeskyOnThreadPool,
                         ::testing::Values(Sizes{64, 16}, Sizes{96, 32}, Sizes{40, 40}, Sizes{100, 20}),
                         [](const auto& info) {
                           return "n" + std::to_string(info.param.matrix_size) + "_b" +
                                  std::to_string(info.param.block_size);
                         });

TEST(CholeskyOnTapsHost, RefusesABlockSizeThatDoesNotDivideTheMatrixSizeNamingBoth) {
  const Scratch scratch;
  const HostRun run(scratch, "--app cholesky --app.matrix-size 100 --app.block-size 30");
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_NE(run.output().find("block_size 30 does not divide matrix_size 100"), std::string::npos) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{})) << "no task may run";
}

}  // namespace
}  // namespace taps::testing
