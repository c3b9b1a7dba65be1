// Apps run unchanged on the workqueue executor, on two local
// work_queue_workers: every synthetic structure with verified data and a
// record per task, and a small cholesky with its verified residual. No
// process of the run outlives it.
#include "workqueue_testing.hpp"



namespace taps::wq_testing {
namespace {

class SyntheticOnWorkQueue : public ::testing::TestWithParam<const char*> {};

TEST_P(SyntheticOnWorkQueue, RunsWithVerifiedDataOnTwoLocalWorkersAndLeavesNothingBehind) {
  Scratch scratch;
  run_synthetic_and_check(scratch, GetParam(), workqueue_args(2));
  const fs::path dir = scratch.run_dir();
  const std::string log = read_text(dir / "log.txt");
  EXPECT_NE(log.find("2 Work Queue worker(s) connected"), std::string::npos) << log;
  EXPECT_NE(log.find("started 2 local work_queue_worker processes"), std::string::npos) << log;
  expect_nothing_left({}, dir);
}

INSTANTIATE_TEST_SUITE_P(EveryStructure, SyntheticOnWorkQueue,
                         ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

TEST(WorkQueueApps, CholeskyFactorsWithinTheResidualToleranceOnTwoLocalWorkers) {
  constexpr int n = 160;
  constexpr int b = 40;
  constexpr int t = n / b;
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app cholesky --app.matrix-size " + std::to_string(n) +
                                           " --app.block-size " + std::to_string(b) + " " + workqueue_args(2))),
                   scratch.path() / "out.txt");
  std::set<ProcessId> seen;
  const Ending& ending = wait_collecting(host, seen);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();

  const fs::path dir = scratch.run_dir();
  check_cholesky_tiles(dir, t);
  EXPECT_FALSE(seen.empty()) << "taps-host started no work_queue_worker";
  expect_nothing_left(seen, dir);
}

}  // namespace
}  // namespace taps::wq_testing
