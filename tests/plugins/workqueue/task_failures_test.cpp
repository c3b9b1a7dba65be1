// How tasks fail on the workqueue executor: a task process that crashes,
// exits, raises or is killed fails alone (and its dependant with a
// DependencyError) while the others succeed; a task over the timeout is
// killed; a task whose work_queue_worker is killed runs again on the other
// worker, and one lost more often than max_retries fails as WorkerLost.
#include "workqueue_testing.hpp"

#include <rapidjson/document.h>

namespace taps::wq_testing {
namespace {

// ---- the crashy app: it checks the failed task's type and message itself ------

struct CrashCase {
  const char* mode;
  const char* extra;
};

void PrintTo(const CrashCase& c, std::ostream* os) { *os << c.mode; }

class CrashyOnWorkQueue : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashyOnWorkQueue, FailsOnlyTheMisbehavingTaskAndItsDependant) {
  const CrashCase& c = GetParam();
  const std::string mode = c.mode;
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode " + mode +
                                           " --app.tasks 8 --app.task-sleep 0.01 --app.delay 0.2 --app.sleep 30 " +
                                           workqueue_args(2, c.extra))),
                   scratch.path() / "out.txt");
  std::set<ProcessId> seen;
  bool killed = false;
  const Ending& ending = wait_collecting(host, seen, [&] {
    // mode=kill: the task waits to be killed; kill its process from here.
    if (mode != "kill" || killed) return;
    if (const pid_t pid = crashy_bad_pid(scratch); pid > 0) {
      EXPECT_EQ(::kill(pid, SIGKILL), 0) << "task process " << pid;
      killed = true;
    }
  });
  ASSERT_TRUE(ending.exited && ending.exit_status == 0)
      << "the app checks the outcomes itself; " << to_string(ending) << "\n"
      << host.output();
  if (mode == "kill") {
    EXPECT_TRUE(killed);
  }
  if (mode == "sleep") {
    EXPECT_LT(ending.seconds, 20.0) << "the 30 s task should have been stopped after 3 s";
  }

  const fs::path dir = scratch.run_dir();
  rapidjson::Document summary;
  summary.Parse(read_text(dir / "crashy.json").c_str());
  ASSERT_TRUE(summary.IsObject());
  EXPECT_EQ(summary["ok_succeeded"].GetInt(), 8);
  for (const auto& pid : summary["worker_pids"].GetArray()) {
    EXPECT_NE(pid.GetInt64(), static_cast<std::int64_t>(host.pid())) << "a task ran in taps-host itself";
  }
  const auto records = read_records(dir / "tasks.jsonl");
  EXPECT_EQ(records.size(), 10u) << "a record per task";
  expect_nothing_left(seen, dir);
}

INSTANTIATE_TEST_SUITE_P(EveryWayToEnd, CrashyOnWorkQueue,
                         ::testing::Values(CrashCase{"segfault", ""}, CrashCase{"abort", ""}, CrashCase{"exit", ""},
                                           CrashCase{"throw", ""}, CrashCase{"kill", ""},
                                           CrashCase{"sleep", "--engine.executor.timeout 3"}),
                         [](const auto& info) { return std::string(info.param.mode); });

// ---- lost workers ------------------------------------------------------------------

/// The work_queue_worker (a child of taps-host) running a task now, if any.
std::optional<pid_t> busy_worker(pid_t host) {
  for (const auto& child : children_of(host)) {
    const std::string cmdline = read_text("/proc/" + std::to_string(child.pid) + "/cmdline");
    if (cmdline.find("work_queue_worker") == std::string::npos) continue;
    if (!children_of(child.pid).empty()) return child.pid;
  }
  return std::nullopt;
}

struct LostRun {
  Ending ending;
  std::string output;
  bool killed = false;
  fs::path dir;
};

/// A bag of sleeping tasks on two local workers; as soon as one worker runs
/// a task, that worker is killed.
LostRun run_and_kill_a_worker(const Scratch& scratch, const std::string& extra) {
  HostProcess host(run_args(scratch, words("--app synthetic --app.task-count 10 --app.task-sleep 0.4 "
                                           "--app.bag-max-running 4 --app.warmup-tasks 1 " +
                                           workqueue_args(2, extra))),
                   scratch.path() / "out.txt");
  std::set<ProcessId> seen;
  LostRun run;
  auto next = Clock::now();
  run.ending = wait_collecting(host, seen, [&] {
    if (run.killed || Clock::now() < next) return;
    next = Clock::now() + std::chrono::milliseconds(20);
    // After the warm-up: the bag's tasks are then running on both workers.
    if (read_text(scratch.run_dir() / "log.txt").find("Starting bag workflow") == std::string::npos) return;
    if (auto worker = busy_worker(host.pid())) {
      EXPECT_EQ(::kill(*worker, SIGKILL), 0) << "work_queue_worker " << *worker;
      run.killed = true;
    }
  });
  run.output = host.output();
  run.dir = scratch.run_dir();
  expect_nothing_left(seen, run.dir);
  return run;
}

TEST(WorkQueueLostWorker, TasksOfAKilledWorkerCompleteOnTheOtherWorker) {
  Scratch scratch;
  const LostRun run = run_and_kill_a_worker(scratch, "");
  ASSERT_TRUE(run.killed) << "no worker was seen running a task";
  ASSERT_TRUE(run.ending.exited && run.ending.exit_status == 0) << to_string(run.ending) << "\n" << run.output;
  const auto records = read_records(run.dir / "tasks.jsonl");
  EXPECT_EQ(records.size(), 11u);
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
  EXPECT_NE(read_text(run.dir / "log.txt").find("1 Work Queue worker(s) lost"), std::string::npos);

  // Work Queue's own log: a task ran on two workers, the second time after
  // its first worker failed.
  std::map<std::string, std::set<std::string>> workers_of_task;
  std::ifstream log(run.dir / "workqueue" / "transactions.log");
  bool worker_failed = false;
  for (std::string line; std::getline(log, line);) {
    const auto fields = words(line);
    if (fields.size() >= 6 && fields[2] == "TASK" && fields[4] == "RUNNING") {
      workers_of_task[fields[3]].insert(fields[5]);
    }
    if (fields.size() >= 7 && fields[2] == "WORKER" && fields[5] == "DISCONNECTION" && fields[6] == "FAILURE") {
      worker_failed = true;
    }
  }
  EXPECT_TRUE(worker_failed) << "transactions.log records no failed worker";
  EXPECT_TRUE(std::any_of(workers_of_task.begin(), workers_of_task.end(),
                          [](const auto& entry) { return entry.second.size() == 2; }))
      << "no task ran again on the other worker";
}

TEST(WorkQueueLostWorker, ATaskLostMoreOftenThanMaxRetriesFailsAsWorkerLost) {
  Scratch scratch;
  const LostRun run = run_and_kill_a_worker(scratch, "--engine.executor.max-retries 0");
  ASSERT_TRUE(run.killed) << "no worker was seen running a task";
  ASSERT_TRUE(run.ending.exited) << to_string(run.ending);
  EXPECT_EQ(run.ending.exit_status, 1) << "the app sees its task fail" << "\n" << run.output;
  const auto records = read_records(run.dir / "tasks.jsonl");
  const auto lost = std::count_if(records.begin(), records.end(), [](const Record& r) {
    return r.exception_type == "WorkerLost" &&
           r.exception_message.find("was lost with its Work Queue worker once (max_retries = 0)") != std::string::npos;
  });
  EXPECT_EQ(lost, 1) << run.output;
}

}  // namespace
}  // namespace taps::wq_testing
