// The physics app run by the real taps-host: the same seed ends every ball
// in the same place on thread-pool, process-pool and (where built)
// workqueue; real_time paces the steps to the wall clock; the failures app
// wraps it; a bad option fails the run before any task.
#include "host_run.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace taps::testing {
namespace {

// Four short simulations and one flat throw on a 4 m green.
const std::string tiny =
    " --app.simulations 4 --app.terrain-width 4 --app.terrain-resolution 5 --app.terrain-height 1"
    " --app.total-time 2 --app.real-time false --app.seed 11";

/// Every ball's final position, bit for bit, in the order of physics.json.
std::vector<double> final_positions(const HostRun& run) {
  const auto results = read_json(run.run_dir() / "physics.json");
  std::vector<double> all;
  if (!results.IsObject()) {
    ADD_FAILURE() << "no physics.json in " << run.run_dir();
    return all;
  }
  for (const char* list : {"balls", "flat"}) {
    for (const auto& ball : results[list].GetArray()) {
      for (const auto& x : ball["final_position"].GetArray()) all.push_back(x.GetDouble());
    }
  }
  return all;
}

/// Runs the tiny physics app on `executor` and checks it verified itself.
std::vector<double> run_and_check(const std::string& executor) {
  const Scratch scratch;
  const HostRun run(scratch, "--app physics" + tiny + " " + executor);
  EXPECT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"simulate_ball", 5}})) << executor;
  EXPECT_NE(read_text(run.run_dir() / "log.txt").find("Verified: every flight follows the parabola"),
            std::string::npos);
  return final_positions(run);
}

TEST(PhysicsOnTapsHost, SameSeedEndsEveryBallInTheSamePlaceOnThreadPoolAndProcessPool) {
  const auto on_threads = run_and_check("--engine.executor thread-pool --engine.executor.workers 2");
  const auto on_processes = run_and_check("--engine.executor process-pool --engine.executor.workers 2");
  ASSERT_EQ(on_threads.size(), 15u);
  EXPECT_EQ(on_threads, on_processes);
}

#ifdef TAPS_HAVE_WORKQUEUE
TEST(PhysicsOnTapsHost, SameSeedEndsEveryBallInTheSamePlaceOnWorkQueue) {
  const auto on_threads = run_and_check("--engine.executor thread-pool --engine.executor.workers 2");
  const auto on_workqueue = run_and_check(
      "--engine.executor workqueue --engine.executor.port 0 --engine.executor.local-workers 2");
  EXPECT_EQ(on_threads, on_workqueue);
}
#endif

TEST(PhysicsOnTapsHost, RealTimePacesTheStepsToTheWallClock) {
  const Scratch scratch;
  const auto start = std::chrono::steady_clock::now();
  const HostRun run(scratch,
                    "--app physics --app.simulations 1 --app.flat-throws 0 --app.terrain-width 4"
                    " --app.terrain-resolution 5 --app.terrain-height 1 --app.total-time 1"
                    " --app.real-time true --app.seed 11");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto results = read_json(run.run_dir() / "physics.json");
  const double simulated = static_cast<double>(results["balls"][0]["steps"].GetUint64()) / 240;
  EXPECT_GE(simulated, 1.0);
  EXPECT_GE(seconds, simulated) << "one simulated second takes a second";
}

TEST(PhysicsOnTapsHost, ABadOptionFailsTheRunBeforeAnyTask) {
  const Scratch scratch;
  const HostRun run(scratch, "--app physics" + tiny + " --app.ball-diameter 3");
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_NE(run.output().find("ball_diameter 3 m"), std::string::npos) << run.output();
  EXPECT_TRUE(run.task_counts().empty());
}

#ifdef TAPS_HAVE_FAILURES
const std::string tiny_config =
    R"('{"simulations": 4, "terrain_width": 4, "terrain_resolution": 5, "terrain_height": 1,)"
    R"( "total_time": 2, "real_time": false, "seed": 11}')";

TEST(PhysicsUnderFailures, InjectedFailuresFailTheirSimulationsAndTheVerdictHolds) {
  const Scratch scratch;
  const HostRun run(scratch, "--app failures --app.base physics --app.config " + tiny_config +
                                 " --app.failure-type failure --app.failure-rate 0.5 --app.seed 5"
                                 " --engine.executor process-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto counts = run.task_counts();
  EXPECT_GT(counts.count("inject_failure (failed)") ? counts.at("inject_failure (failed)") : 0, 0);
  EXPECT_GT(counts.count("simulate_ball") ? counts.at("simulate_ball") : 0, 0);
  EXPECT_NE(read_text(run.run_dir() / "log.txt").find("the base app physics failed, as expected with injected failures"),
            std::string::npos);
}

TEST(PhysicsUnderFailures, AtRateZeroThePhysicsVerifies) {
  const Scratch scratch;
  const HostRun run(scratch, "--app failures --app.base physics --app.config " + tiny_config +
                                 " --app.failure-type failure --app.failure-rate 0"
                                 " --engine.executor thread-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"simulate_ball", 5}}));
  EXPECT_NE(read_text(run.run_dir() / "log.txt").find("Verified: every flight follows the parabola"),
            std::string::npos);
}

#endif

}  // namespace
}  // namespace taps::testing
