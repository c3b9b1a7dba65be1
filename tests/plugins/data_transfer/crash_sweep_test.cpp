// A taps-host killed with SIGKILL in the middle of a run cannot unlink its
// shared memory: the next run that uses the shm transformer must.
#include "data_runs.hpp"

#include <signal.h>

#include <thread>

namespace taps::data_testing {
namespace {

TEST(ShmCrashSweep, TheNextRunRemovesTheSegmentsOfAKilledRun) {
  Scratch scratch;
  HostProcess doomed(run_args(scratch, {"--app", "synthetic", "--app.structure", "bag", "--app.task-count", "100000",
                                        "--app.task-sleep", "0.01", "--app.task-data-bytes", "100000",
                                        "--app.bag-max-running", "4", "--engine.executor", "process-pool",
                                        "--engine.executor.workers", "2", "--engine.transformer", "shm"}),
                     scratch.path() / "doomed.txt");
  // Mid-flight: the owner marker and some objects exist.
  fs::path doomed_dir;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    ASSERT_TRUE(doomed.poll()) << "the run ended early:\n" << doomed.output();
    doomed_dir = scratch.run_dir();
    if (!doomed_dir.empty() && shm_segments_of(doomed_dir.string()).size() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(shm_segments_of(doomed_dir.string()).size(), 3u) << doomed.output();
  const ShmCleanup cleanup(doomed_dir.string());  // whatever happens below
  ::kill(doomed.pid(), SIGKILL);
  doomed.wait(10);
  // Its workers die with it (PR_SET_PDEATHSIG); collect them.
  EXPECT_TRUE(oop_testing::still_running_after(doomed.workers(), 5).empty());
  oop_testing::reap_strays();

  Scratch next;
  HostProcess sweeper(run_args(next, {"--app", "synthetic", "--app.task-count", "2", "--engine.transformer", "shm"}),
                      next.path() / "out.txt");
  const Ending& ending = sweeper.wait(60);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << sweeper.output();
  // Gone: removed by this run, or, when tests run in parallel, by another
  // run that started first (which of them is the unit tests' business).
  EXPECT_EQ(shm_segments_of(doomed_dir.string()), std::vector<std::string>{});
}

}  // namespace
}  // namespace taps::data_testing
