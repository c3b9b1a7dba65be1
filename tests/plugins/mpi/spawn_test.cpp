// The mpi executor in a plain taps-host, which spawns its worker ranks with
// MPI_Comm_spawn: every synthetic structure and cholesky on 2 ranks, a rank
// killed mid-run, workers that never join, and what cannot work at all.
// Every test also checks that no process of the job outlives it.
#include "mpi_job.hpp"

#include <signal.h>

namespace taps::mpi_testing {
namespace {

constexpr const char* two_spawned_ranks = " --engine.executor mpi --engine.executor.workers 2";

class SyntheticOnSpawnedRanks : public MpiTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(SyntheticOnSpawnedRanks, RunsEveryTaskWithVerifiedDataAndTheStructuresShape) {
  Scratch scratch;
  Job job(spawn_command(scratch, synthetic_args(GetParam(), 30, 3001) + two_spawned_ranks),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << job.output();
  check_synthetic_run(scratch, GetParam(), 30, 3001);
  const std::string log = read_text(scratch.run_dir() / "log.txt");
  EXPECT_NE(log.find("2 worker ranks joined the run"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(Structures, SyntheticOnSpawnedRanks,
                         ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

TEST_F(MpiTest, SpawnedRanksFactorCholeskyWithinTheResidualTolerance) {
  Scratch scratch;
  Job job(spawn_command(scratch, std::string("--app cholesky --app.matrix-size 256 --app.block-size 64") +
                                     two_spawned_ranks),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << job.output();
  check_cholesky_run(scratch, 20);
}

TEST_F(MpiTest, AKilledSpawnedRankFailsItsTasksAsMpiRankLostAndTheRunEndsWithoutHanging) {
  Scratch scratch;
  // Tasks of 20 ms, two in flight per rank: the kill finds tasks running.
  Job job(spawn_command(scratch, "--app synthetic --app.task-count 400 --app.task-sleep 0.02 "
                                 "--app.bag-max-running 4" + std::string(two_spawned_ranks)),
          scratch.path() / "out.txt");
  pid_t killed = -1;
  double joined_at = -1;
  const Ending& ending = job.wait(job_deadline, [&] {
    // 1.5 s after every rank has joined, so that tasks have succeeded first:
    // on a loaded machine the ranks may still be starting after a fixed
    // delay, and a rank lost before it joins is a different case
    // (WorkerRanksThatNeverJoin…).
    if (killed > 0) return;
    if (joined_at < 0) {
      if (job.output().find("worker ranks joined the run") == std::string::npos) return;
      joined_at = job.seconds_running();
    }
    if (job.seconds_running() < joined_at + 1.5) return;
    killed = find_process_naming("--spawned");
    if (killed > 0) ::kill(killed, SIGKILL);
  });
  ASSERT_GT(killed, 0) << "no spawned worker rank was found to kill\n" << job.output();
  ASSERT_TRUE(ending.exited) << to_string(ending) << "\n" << job.output();
  EXPECT_EQ(ending.exit_status, 1) << job.output();
  EXPECT_LT(ending.seconds, 20) << "the run ends soon after the loss";
  const auto lost = failed_with(scratch, "MpiRankLost");
  ASSERT_FALSE(lost.empty()) << job.output();
  EXPECT_NE(lost.front().exception_message.find("pid " + std::to_string(killed)), std::string::npos)
      << lost.front().exception_message;
  EXPECT_NE(lost.front().exception_message.find("MPI cannot continue after a lost rank"), std::string::npos);
  const std::string log = read_text(scratch.run_dir() / "log.txt");
  EXPECT_NE(log.find("leaving MPI without MPI_Finalize"), std::string::npos) << log;
  // Records written before the loss stay on disk.
  std::size_t succeeded = 0;
  for (const auto& r : read_records(scratch.run_dir() / "tasks.jsonl")) succeeded += r.success ? 1 : 0;
  EXPECT_GT(succeeded, 10u);
}

TEST_F(MpiTest, WorkerRanksThatNeverJoinFailTheRunAfterTheStartTimeout) {
  Scratch scratch;
  // The generic worker exits at once when the parent it was promised is not
  // its parent: here, every spawned rank dies before it joins MPI, which
  // MPI_Comm_spawn cannot tell from a slow start.
  Job job(spawn_command(scratch, "--app synthetic --app.task-count 10 --run.env-vars {\"TAPS_WORKER_PARENT_PID\":1}"
                                 " --engine.executor.start-timeout 3" + std::string(two_spawned_ranks)),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited) << to_string(ending) << "\n" << job.output();
  EXPECT_EQ(ending.exit_status, 1);
  EXPECT_LT(ending.seconds, 20);
  EXPECT_NE(job.output().find("the worker ranks did not start within 3 s"), std::string::npos) << job.output();
}

TEST_F(MpiTest, ZeroWorkersWithoutMpirunIsAnErrorSayingHowToGetRanks) {
  Scratch scratch;
  Job job(spawn_command(scratch, "--app synthetic --app.task-count 10 --engine.executor mpi"),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_EQ(ending.exit_status, 1);
  EXPECT_NE(job.output().find("the mpi executor has no worker ranks"), std::string::npos) << job.output();
  EXPECT_NE(job.output().find("--engine.executor.workers N"), std::string::npos) << job.output();
}

TEST_F(MpiTest, MissingOpenMpiRuntimeIsAClearErrorInsteadOfAnAbortInsideMpiInit) {
  Scratch scratch;
  // Where Open MPI's programs would be: an empty installation.
  setenv("OPAL_PREFIX", (scratch.path() / "no-openmpi").c_str(), 1);
  Job job(spawn_command(scratch, std::string("--app synthetic --app.task-count 10") + two_spawned_ranks),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  unsetenv("OPAL_PREFIX");
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_EQ(ending.exit_status, 1);
  EXPECT_NE(job.output().find("Open MPI's runtime is not installed"), std::string::npos) << job.output();
  EXPECT_NE(job.output().find("openmpi-bin"), std::string::npos) << job.output();
}

TEST_F(MpiTest, MoreRanksThanSlotsWithoutOversubscribingIsAnMpiCommSpawnError) {
  Scratch scratch;
  const fs::path hostfile = scratch.path() / "hosts";
  std::ofstream(hostfile) << "localhost slots=1\n";
  Job job(spawn_command(scratch, "--app synthetic --app.task-count 10 --engine.executor mpi "
                                 "--engine.executor.workers 3 --engine.executor.oversubscribe false "
                                 "--engine.executor.hostfile " + hostfile.string()),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited) << to_string(ending) << "\n" << job.output();
  EXPECT_EQ(ending.exit_status, 1);
  EXPECT_NE(job.output().find("MPI_Comm_spawn failed"), std::string::npos) << job.output();
}

}  // namespace
}  // namespace taps::mpi_testing
