// Apps run unchanged on the dask executor: every synthetic structure with
// verified data and a record per task, and a small cholesky with its
// verified residual, on a running Dask cluster (scheduler_address); and a
// run on a local cluster the executor starts and stops itself. No taps
// worker outlives its run, and no process of a local cluster either.
#include "dask_cluster.hpp"



namespace taps::dask_testing {
namespace {

class SyntheticOnDask : public ::testing::TestWithParam<const char*> {};

TEST_P(SyntheticOnDask, RunsWithVerifiedDataOnARunningClusterAndLeavesNoTapsWorkerBehind) {
  ASSERT_FALSE(shared_cluster().address().empty());
  Scratch scratch;
  run_synthetic_and_check(scratch, GetParam(), on_cluster(shared_cluster().address()), nullptr, 20);
  const fs::path dir = scratch.run_dir();
  const std::string log = read_text(dir / "log.txt");
  EXPECT_NE(log.find("connected to the Dask scheduler at " + shared_cluster().address()), std::string::npos) << log;
  expect_no_taps_worker_left(dir);
}

INSTANTIATE_TEST_SUITE_P(EveryStructure, SyntheticOnDask,
                         ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

TEST(DaskApps, CholeskyFactorsWithinTheResidualToleranceOnARunningCluster) {
  ASSERT_FALSE(shared_cluster().address().empty());
  constexpr int n = 160;
  constexpr int b = 40;
  constexpr int t = n / b;
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app cholesky --app.matrix-size " + std::to_string(n) +
                                           " --app.block-size " + std::to_string(b) + " " +
                                           on_cluster(shared_cluster().address()))),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();

  const fs::path dir = scratch.run_dir();
  check_cholesky_tiles(dir, t);
  expect_no_taps_worker_left(dir);
}

TEST(DaskApps, LocalClusterStartsWithTheRunAndEndsWithItLeavingNoProcess) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words(synthetic_args("diamond", 10, 100) + " " + on_local_cluster(2))),
                   scratch.path() / "out.txt");
  std::set<ProcessId> seen;
  const Ending& ending = wait_collecting(host, seen);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  check_synthetic_run(scratch, "diamond", 10, 100);
  const std::string log = read_text(scratch.run_dir() / "log.txt");
  EXPECT_NE(log.find("connected to a local Dask cluster of 2 worker processes"), std::string::npos) << log;
  // The bridge, its two Dask worker processes and their taps workers at least.
  EXPECT_GE(seen.size(), 5u) << describe({seen.begin(), seen.end()});
  expect_nothing_left(seen, scratch.run_dir());
}

}  // namespace
}  // namespace taps::dask_testing
