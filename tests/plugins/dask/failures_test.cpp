// What goes wrong on Dask ends in the records as a failed task whose
// message says which, and the run ends without a hang:
//   - a task whose process dies (the failures app's worker-killed):
//     WorkerCrashed, and its Dask worker goes on with a new taps worker;
//   - a task over the timeout: TimeoutError;
//   - a Dask worker that dies (manager-killed kills it): WorkerLost, with
//     Dask's own retries off;
//   - the scheduler lost mid-run: SchedulerLost.
#include "dask_cluster.hpp"

#include <rapidjson/document.h>

namespace taps::dask_testing {
namespace {

/// A synthetic reduce of `tasks` map tasks and one reduce task.
std::string reduce_base(int tasks) {
  return R"({"structure": "reduce", "warmup_tasks": 0, "task_count": )" + std::to_string(tasks) + "}";
}

/// `taps-host run --app failures` injecting `type` into every task of a
/// small synthetic reduce, on `executor_args`; waits for its end.
struct FailuresRun {
  Ending ending;
  std::string output;
  fs::path dir;
  std::vector<Record> records;
  std::set<ProcessId> seen;
};

FailuresRun run_failures(const Scratch& scratch, const std::string& type, const std::string& executor_args,
                         int tasks = 4) {
  std::vector<std::string> args{"--app", "failures", "--app.base", "synthetic", "--app.config", reduce_base(tasks),
                                "--app.failure-type", type, "--app.failure-rate", "1", "--app.sleep-limit", "20"};
  for (auto& a : words(executor_args)) args.push_back(std::move(a));
  HostProcess host(run_args(scratch, args), scratch.path() / "out.txt");
  FailuresRun run;
  run.ending = wait_collecting(host, run.seen);
  run.output = host.output();
  run.dir = scratch.run_dir();
  if (!run.dir.empty()) run.records = read_records(run.dir / "tasks.jsonl");
  return run;
}

/// The run verified its injected failures (exit 0, failures.json "ok"), and
/// each of the `tasks` injected map tasks failed with `expected`, its
/// message naming `phrase`.
void expect_verified(const FailuresRun& run, const std::string& function, const std::string& expected,
                     const std::string& phrase, int tasks = 4) {
  EXPECT_TRUE(run.ending.exited && run.ending.exit_status == 0) << to_string(run.ending) << "\n" << run.output;
  rapidjson::Document report;
  report.Parse(read_text(run.dir / "failures.json").c_str());
  ASSERT_TRUE(report.IsObject()) << "failures.json\n" << run.output;
  EXPECT_STREQ(report["verdict"].GetString(), "ok");
  int injected = 0;
  int dependants = 0;
  for (const auto& r : run.records) {
    if (r.function != function) continue;
    if (r.exception_type == "DependencyError") {
      ++dependants;
      continue;
    }
    ++injected;
    EXPECT_FALSE(r.success) << r.id;
    EXPECT_EQ(r.exception_type, expected) << r.id << ": " << r.exception_message;
    EXPECT_NE(r.exception_message.find(phrase), std::string::npos) << r.exception_message;
  }
  EXPECT_EQ(injected, tasks) << "the map tasks";
  EXPECT_EQ(dependants, 1) << "the reduce task, whose parents failed";
}

TEST(DaskFailures, TaskWhoseProcessDiesFailsAsWorkerCrashedAndItsDaskWorkerGoesOn) {
  ASSERT_FALSE(shared_cluster().address().empty());
  Scratch scratch;
  // Four tasks on two Dask workers: some run where a taps worker died before.
  const FailuresRun run = run_failures(scratch, "worker-killed", on_cluster(shared_cluster().address()));
  expect_verified(run, "inject_worker_killed", "WorkerCrashed", "was killed by signal 9");
  expect_no_taps_worker_left(run.dir);
}

TEST(DaskFailures, TaskOverTheTimeoutIsKilledAndFailsAsTimeoutError) {
  ASSERT_FALSE(shared_cluster().address().empty());
  Scratch scratch;
  const FailuresRun run =
      run_failures(scratch, "timeout", on_cluster(shared_cluster().address(), "--engine.executor.timeout 0.5"));
  expect_verified(run, "inject_timeout", "TimeoutError", "longer than the timeout of 0.5 s");
  expect_no_taps_worker_left(run.dir);
}

TEST(DaskFailures, DeadDaskWorkerFailsItsTaskAsWorkerLostWithoutRetries) {
  Scratch scratch;
  // One task per worker: both die at once, and their nannies start new ones.
  const FailuresRun run = run_failures(scratch, "manager-killed", on_local_cluster(2), 2);
  expect_verified(run, "inject_manager_killed", "WorkerLost", "the Dask worker running it died", 2);
  expect_nothing_left(run.seen, run.dir);
}

TEST(DaskFailures, LostSchedulerFailsTasksInFlightAsSchedulerLostWithoutAHang) {
  Scratch scratch;
  DaskCluster cluster(scratch.path(), 1);
  ASSERT_FALSE(cluster.address().empty());
  // Tasks of a second each: the scheduler dies while they run.
  HostProcess host(run_args(scratch, words("--app synthetic --app.structure bag --app.task-count 6 "
                                           "--app.task-sleep 1 --app.bag-max-running 2 " +
                                           on_cluster(cluster.address()))),
                   scratch.path() / "out.txt");
  bool killed = false;
  const Ending& ending = host.wait(run_deadline, [&] {
    if (!killed && host.output().find("running app") != std::string::npos && host.seconds_running() > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      cluster.kill_scheduler();
      killed = true;
    }
  });
  ASSERT_TRUE(killed) << host.output();
  EXPECT_TRUE(ending.exited && ending.exit_status != 0) << to_string(ending) << "\n" << host.output();
  const auto records = read_records(scratch.run_dir() / "tasks.jsonl");
  int lost = 0;
  for (const auto& r : records) {
    if (r.success) continue;
    EXPECT_EQ(r.exception_type, "SchedulerLost") << r.id << ": " << r.exception_message;
    EXPECT_NE(r.exception_message.find("the connection to the Dask scheduler at " + cluster.address() + " was lost"),
              std::string::npos)
        << r.exception_message;
    ++lost;
  }
  EXPECT_GE(lost, 1) << "a task in flight when the scheduler died";
  expect_no_taps_worker_left(scratch.run_dir());
}

}  // namespace
}  // namespace taps::dask_testing
