// The mpi executor under mpirun: every rank starts `taps-host run`, rank 0
// runs the app and ranks 1.. become its workers. Every synthetic structure
// and cholesky on 2 worker ranks, a rank killed mid-run, and launches that
// cannot work. Every test also checks that no process of the job outlives
// it.
#include "mpi_job.hpp"

#include <signal.h>

namespace taps::mpi_testing {
namespace {

constexpr int client_and_two_workers = 3;

class SyntheticOnLaunchedRanks : public MpiTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(SyntheticOnLaunchedRanks, RunsEveryTaskWithVerifiedDataAndTheStructuresShapeInOneRunDirectory) {
  Scratch scratch;
  Job job(mpirun_command(scratch, client_and_two_workers,
                         synthetic_args(GetParam(), 30, 3001) + " --engine.executor mpi"),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << job.output();
  check_synthetic_run(scratch, GetParam(), 30, 3001);
  // Only rank 0 made a run directory; the others served it.
  std::size_t dirs = 0;
  for (const auto& entry : fs::directory_iterator(scratch.path() / "runs")) dirs += entry.is_directory() ? 1 : 0;
  EXPECT_EQ(dirs, 1u);
  const std::string log = read_text(scratch.run_dir() / "log.txt");
  EXPECT_NE(log.find("using the 2 worker ranks of the launch"), std::string::npos) << log;
  EXPECT_NE(log.find("2 worker ranks joined the run"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(Structures, SyntheticOnLaunchedRanks,
                         ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

TEST_F(MpiTest, LaunchedRanksFactorCholeskyWithinTheResidualTolerance) {
  Scratch scratch;
  Job job(mpirun_command(scratch, client_and_two_workers,
                         "--app cholesky --app.matrix-size 256 --app.block-size 64 --engine.executor mpi"),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << job.output();
  check_cholesky_run(scratch, 20);
}

TEST_F(MpiTest, ALaunchedRankThatDiesFailsItsTasksAsMpiRankLostAndTheJobEndsWithoutHanging) {
  Scratch scratch;
  Job job(mpirun_command(scratch, client_and_two_workers,
                         "--app synthetic --app.task-count 400 --app.task-sleep 0.02 --app.bag-max-running 4 "
                         "--engine.executor mpi"),
          scratch.path() / "out.txt");
  pid_t killed = -1;
  const Ending& ending = job.wait(job_deadline, [&] {
    // Only once every rank has joined: on a loaded machine the ranks may
    // still be starting after a fixed delay, and a rank lost before it
    // joins is a different case (WorkerRanksThatNeverJoin…).
    if (killed > 0 || job.output().find("worker ranks joined the run") == std::string::npos) return;
    killed = find_process_with("OMPI_COMM_WORLD_RANK", "2");
    if (killed > 0) ::kill(killed, SIGKILL);
  });
  ASSERT_GT(killed, 0) << "rank 2 was not found\n" << job.output();
  ASSERT_FALSE(ending.hung) << job.output();
  EXPECT_FALSE(ending.exited && ending.exit_status == 0) << "mpirun reports the lost rank";
  EXPECT_LT(ending.seconds, 20) << "the job ends soon after the loss";
  // Rank 0 noticed the loss itself, failed the rank's tasks with the reason
  // and ended its run, before or while mpirun ended the job.
  const auto lost = failed_with(scratch, "MpiRankLost");
  ASSERT_FALSE(lost.empty()) << job.output();
  EXPECT_NE(lost.front().exception_message.find("rank 2 (pid " + std::to_string(killed)), std::string::npos)
      << lost.front().exception_message;
  const std::string log = read_text(scratch.run_dir() / "log.txt");
  EXPECT_NE(log.find("MPI cannot continue after a lost rank"), std::string::npos) << log;
}

TEST_F(MpiTest, ALaunchOfOneRankIsAnErrorThatThereAreNoWorkerRanks) {
  Scratch scratch;
  Job job(mpirun_command(scratch, 1, "--app synthetic --app.task-count 10 --engine.executor mpi"),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0);
  EXPECT_NE(job.output().find("there are no worker ranks"), std::string::npos) << job.output();
  EXPECT_NE(job.output().find("mpirun -np N+1"), std::string::npos) << job.output();
}

TEST_F(MpiTest, AWorkersOptionThatDisagreesWithTheLaunchIsAnError) {
  Scratch scratch;
  Job job(mpirun_command(scratch, client_and_two_workers,
                         "--app synthetic --app.task-count 10 --engine.executor mpi --engine.executor.workers 4"),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0);
  EXPECT_NE(job.output().find("the launch has 2 worker ranks but workers = 4"), std::string::npos) << job.output();
}

TEST_F(MpiTest, AnExecutorWithoutWorkersUnderMpirunIsAnErrorOnTheOtherRanks) {
  Scratch scratch;
  Job job(mpirun_command(scratch, 2, "--app synthetic --app.task-count 10 --engine.executor thread-pool"),
          scratch.path() / "out.txt");
  const Ending& ending = job.wait();
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0);
  EXPECT_NE(job.output().find("this taps-host is rank 1 of a parallel launch"), std::string::npos) << job.output();
  EXPECT_NE(job.output().find("has no worker side"), std::string::npos) << job.output();
}

}  // namespace
}  // namespace taps::mpi_testing
