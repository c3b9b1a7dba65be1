// The failures app run by the real taps-host: every failure type at rate 0
// and rate 1 on thread-pool and process-pool, a mixed rate with a fixed
// seed, cholesky as the base, and the combinations and inputs it refuses.
//
// tasks.jsonl is checked on its own terms, not through the app's verdict:
// a task with a failed parent failed with a DependencyError; an injected
// task failed with the exception of its type; everything else succeeded
// (or, where node-killed ended other workers, failed as WorkerCrashed). Then
// the app's summary line and failures.json must agree with those records,
// and no worker process may outlive its run.
#include "out_of_process.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace taps::oop_testing {
namespace {

constexpr double run_deadline = 60;  // seconds; a run still going then is a hang
constexpr double exit_grace = 5;     // seconds workers may take to go after their host
constexpr int map_tasks = 4;         // the synthetic base: 4 map tasks and 1 reduce task
const std::string reduce_base = R"({"structure": "reduce", "task_count": 4, "warmup_tasks": 0})";

const std::vector<std::string> all_types{"dependency",   "failure",        "import",        "zero-division",
                                         "memory",       "ulimit",         "timeout",       "worker-killed",
                                         "manager-killed", "node-killed", "random"};

struct Executor {
  std::string name;
  std::vector<std::string> args;
  std::set<std::string> refused;  // the types it cannot survive
};

const Executor thread_pool{"thread-pool",
                           {"--engine.executor", "thread-pool", "--engine.executor.workers", "2"},
                           {"timeout", "worker-killed", "manager-killed", "node-killed"}};
const Executor process_pool{
    "process-pool", {"--engine.executor", "process-pool", "--engine.executor.workers", "2"}, {"manager-killed"}};

const Executor& executor_named(const std::string& name) { return name == "thread-pool" ? thread_pool : process_pool; }

// ---- one run --------------------------------------------------------------------

struct FailuresRun {
  Ending ending;
  std::string output;
  fs::path dir;
  std::string log;
  std::vector<Record> records;
  rapidjson::Document report;
  std::set<ProcessId> workers;
};

/// `taps-host run --app failures ARGS` with its run directory under scratch.
FailuresRun run_failures(const Scratch& scratch, const std::vector<std::string>& args,
                         const std::string& dir_format = "{timestamp}") {
  std::vector<std::string> all{"--plugin-path", TAPS_PLUGIN_DIR, "run", "--app", "failures"};
  all.insert(all.end(), args.begin(), args.end());
  all.emplace_back("--run.dir-format");
  all.push_back((scratch.path() / "runs" / dir_format).string());
  HostProcess host(all, scratch.path() / "out.txt");
  FailuresRun run;
  run.ending = host.wait(run_deadline);
  run.output = host.output();
  run.workers = host.workers();
  run.dir = scratch.run_dir();
  if (!run.dir.empty()) {
    run.log = read_text(run.dir / "log.txt");
    run.records = read_records(run.dir / "tasks.jsonl");
    run.report.Parse(read_text(run.dir / "failures.json").c_str());
  }
  return run;
}

bool exited_with(const FailuresRun& run, int status) { return run.ending.exited && run.ending.exit_status == status; }

/// The process-pool's task timeout for a run of `type`: short where timeouts
/// are injected, so that they end soon; long enough elsewhere that a slow
/// kill (a sanitizer build on a loaded machine) is never a timeout instead.
std::string task_timeout_for(const std::string& type) {
  return type == "timeout" ? "0.5" : type == "random" ? "2" : "10";
}

/// The arguments of a run of `type` at `rate` on `executor` over the synthetic base.
std::vector<std::string> failure_args(const Executor& executor, const std::string& type, const std::string& rate,
                                      const std::string& base_config = reduce_base) {
  std::vector<std::string> args{"--app.base", "synthetic", "--app.config", base_config, "--app.failure-type", type,
                                "--app.failure-rate", rate, "--app.memory-limit", "33554432", "--app.sleep-limit",
                                "20"};
  args.insert(args.end(), executor.args.begin(), executor.args.end());
  if (executor.name == "process-pool") args.insert(args.end(), {"--engine.executor.timeout", task_timeout_for(type)});
  return args;
}

void expect_no_workers_left(const FailuresRun& run) {
  auto left = still_running_after(run.workers, exit_grace);
  EXPECT_TRUE(left.empty()) << "worker processes outlived taps-host: " << describe(left);
  if (!run.dir.empty()) {
    const auto start = Clock::now();
    auto unseen = processes_naming(run.dir.string());
    while (!unseen.empty() && seconds_since(start) < exit_grace) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      reap_strays();
      unseen = processes_naming(run.dir.string());
    }
    EXPECT_TRUE(unseen.empty()) << "processes of the run outlived taps-host: " << describe(unseen);
    left.insert(left.end(), unseen.begin(), unseen.end());
  }
  for (const auto& p : left) {
    if (alive(p)) ::kill(p.pid, SIGKILL);
  }
}

// ---- tasks.jsonl on its own terms -------------------------------------------------

/// The exception each injected task function fails with (on process-pool
/// for the types the executor reports).
const std::map<std::string, std::string> injected_exceptions{
    {"injected_parent", "ParentDependencyError"}, {"inject_failure", "InjectedFailure"},
    {"inject_import", "ImportError"},             {"inject_zero_division", "ZeroDivisionError"},
    {"inject_memory", "MemoryError"},             {"inject_ulimit", "OSError"},
    {"inject_timeout", "TimeoutError"},           {"inject_worker_killed", "WorkerCrashed"},
    {"inject_node_killed", "WorkerCrashed"}};

struct RecordCounts {
  int injected = 0;  // inject_* records, plus tasks given an injected parent
  int dependency_failed = 0;
  int succeeded = 0;
  int collateral = 0;
};

/// Checks every record against its parents and its function; counts them.
RecordCounts check_records(const std::vector<Record>& records) {
  std::map<std::string, const Record*> by_id;
  for (const auto& r : records) by_id[r.id] = &r;
  const bool node_killed = std::any_of(records.begin(), records.end(),
                                       [](const Record& r) { return r.function == "inject_node_killed"; });
  RecordCounts counts;
  for (const auto& r : records) {
    bool parent_failed = false;
    bool has_injected_parent = false;
    for (const auto& p : r.parents) {
      auto it = by_id.find(p);
      EXPECT_NE(it, by_id.end()) << r.id << " names a parent with no record: " << p;
      if (it == by_id.end()) continue;
      parent_failed = parent_failed || !it->second->success;
      has_injected_parent = has_injected_parent || it->second->function == "injected_parent";
    }
    const auto injected = injected_exceptions.find(r.function);
    if ((injected != injected_exceptions.end() && r.function != "injected_parent") || has_injected_parent) {
      ++counts.injected;
    }
    const std::string what = r.id + " (" + r.function + "): " + r.exception_type + ": " + r.exception_message;
    if (parent_failed) {
      EXPECT_FALSE(r.success) << what;
      EXPECT_EQ(r.exception_type, "DependencyError") << what;
      EXPECT_FALSE(r.has_execution) << "a task with a failed parent never runs: " << what;
      ++counts.dependency_failed;
    } else if (injected != injected_exceptions.end()) {
      EXPECT_FALSE(r.success) << what;
      const bool killed_alongside = node_killed && r.exception_type == "WorkerCrashed";
      EXPECT_TRUE(r.exception_type == injected->second || killed_alongside) << what;
      if (r.exception_type != injected->second) ++counts.collateral;
    } else if (r.success) {
      ++counts.succeeded;
    } else {
      EXPECT_TRUE(node_killed && r.exception_type == "WorkerCrashed") << "only collateral may fail: " << what;
      ++counts.collateral;
    }
  }
  return counts;
}

std::string summary_of(const std::string& type, const std::string& rate, int injected) {
  return "failures: injected=" + std::to_string(injected) + " observed=" + std::to_string(injected) + " type=" +
         type + " rate=" + rate + " base=";
}

/// Exit 0, the records, the summary line and failures.json agreeing.
RecordCounts check_verified_run(const FailuresRun& run, const std::string& type, const std::string& rate,
                                const std::string& base = "synthetic") {
  EXPECT_TRUE(exited_with(run, 0)) << to_string(run.ending) << "\n" << run.output;
  const RecordCounts counts = check_records(run.records);
  EXPECT_TRUE(run.report.IsObject()) << "failures.json";
  if (!run.report.IsObject()) return counts;
  EXPECT_STREQ(run.report["verdict"].GetString(), "ok");
  EXPECT_EQ(run.report["injected"].GetInt(), counts.injected);
  EXPECT_EQ(run.report["observed"].GetInt(), counts.injected);
  EXPECT_EQ(run.report["unexpected"].GetInt(), 0);
  EXPECT_EQ(run.report["succeeded"].GetInt(), counts.succeeded);
  EXPECT_NE(run.log.find(summary_of(type, rate, counts.injected) + base), std::string::npos)
      << "no summary line for " << counts.injected << " injected failures in:\n"
      << run.log;
  return counts;
}

// ---- every type at rate 0 and rate 1 ----------------------------------------------

struct Case {
  std::string executor;
  std::string type;
  std::string rate;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.type << " at rate " << c.rate << " on " << c.executor; }

class EveryType : public ::testing::TestWithParam<Case> {};

TEST_P(EveryType, EndsWithEachInjectedFailureRecordedAsWhatHappened) {
  const auto& [executor_name, type, rate] = GetParam();
  const Executor& executor = executor_named(executor_name);
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, failure_args(executor, type, rate));
  ASSERT_FALSE(run.ending.hung) << run.output;

  if (executor.refused.count(type) != 0) {
    EXPECT_TRUE(exited_with(run, 1)) << to_string(run.ending) << "\n" << run.output;
    EXPECT_NE(run.output.find("failure_type '" + type + "' cannot run on executor '" + executor.name + "'"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("nothing was submitted"), std::string::npos) << run.output;
    EXPECT_TRUE(run.records.empty()) << "a refused combination runs no task";
    if (executor.name == "process-pool") expect_no_workers_left(run);
    return;
  }

  const RecordCounts counts = check_verified_run(run, type, rate);
  const auto noops = only(run.records, "noop");
  if (rate == "0") {
    EXPECT_EQ(counts.injected, 0);
    EXPECT_EQ(counts.succeeded, map_tasks + 1);
    EXPECT_EQ(run.records.size(), static_cast<std::size_t>(map_tasks + 1));
    EXPECT_NE(run.log.find("the base app synthetic finished and verified its result"), std::string::npos);
  } else {
    EXPECT_EQ(counts.injected, map_tasks + 1) << "every task is chosen at rate 1";
    EXPECT_EQ(counts.succeeded, 0);
    if (type == "random") {
      // Dependency injections among the draws keep their noop (with an
      // injected parent); check_records() checked every record.
      for (const auto& r : noops) EXPECT_EQ(r.exception_type, "DependencyError") << r.id;
    } else if (type == "dependency") {
      EXPECT_EQ(only(run.records, "injected_parent").size(), static_cast<std::size_t>(map_tasks + 1));
      ASSERT_EQ(noops.size(), static_cast<std::size_t>(map_tasks + 1));
      for (const auto& r : noops) EXPECT_EQ(r.exception_type, "DependencyError") << r.id;
    } else {
      EXPECT_TRUE(noops.empty()) << "every noop was replaced";
      // The injected tasks keep the graph: the one in the reduce task's place
      // depends on the four in the map tasks' places.
      const auto reduce = std::find_if(run.records.begin(), run.records.end(),
                                       [](const Record& r) { return !r.parents.empty(); });
      ASSERT_NE(reduce, run.records.end());
      EXPECT_EQ(reduce->parents.size(), static_cast<std::size_t>(map_tasks));
      EXPECT_EQ(reduce->exception_type, "DependencyError");
      std::string function = "inject_" + type;
      std::replace(function.begin(), function.end(), '-', '_');
      EXPECT_EQ(only(run.records, function).size(), static_cast<std::size_t>(map_tasks + 1)) << function;
    }
  }
  if (executor.name == "process-pool") expect_no_workers_left(run);
}

std::vector<Case> every_case() {
  std::vector<Case> cases;
  for (const char* executor : {"thread-pool", "process-pool"}) {
    for (const auto& type : all_types) {
      for (const char* rate : {"0", "1"}) cases.push_back({executor, type, rate});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(OnThreadPoolAndProcessPool, EveryType, ::testing::ValuesIn(every_case()),
                         [](const auto& info) {
                           std::string name = info.param.executor + "_" + info.param.type + "_rate" + info.param.rate;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// ---- a mixed rate with a fixed seed -------------------------------------------------

/// The failure types of the chosen tasks, in submission order.
std::vector<std::string> chosen_types(const rapidjson::Document& report) {
  std::vector<std::string> types;
  for (const auto& task : report["tasks_of_note"].GetArray()) {
    if (std::string(task["role"].GetString()) == "chosen") types.emplace_back(task["failure_type"].GetString());
  }
  return types;
}

TEST(FailuresMixedRate, ASeedChoosesTheSameTasksAndTypesAndEveryOtherTaskSucceedsOnProcessPool) {
  const std::string base = R"({"structure": "reduce", "task_count": 16, "warmup_tasks": 0})";
  auto args = failure_args(process_pool, "random", "0.3", base);
  args.insert(args.end(), {"--app.seed", "7"});
  Scratch first_scratch;
  const FailuresRun first = run_failures(first_scratch, args);
  const RecordCounts counts = check_verified_run(first, "random", "0.3");
  EXPECT_GT(counts.injected, 0);
  EXPECT_LT(counts.injected, 17);
  EXPECT_GT(counts.succeeded + counts.collateral, 0) << "some tasks were not chosen";
  expect_no_workers_left(first);

  Scratch second_scratch;
  const FailuresRun second = run_failures(second_scratch, args);
  check_verified_run(second, "random", "0.3");
  ASSERT_TRUE(first.report.IsObject() && second.report.IsObject());
  EXPECT_EQ(chosen_types(first.report), chosen_types(second.report));
  const auto types = chosen_types(first.report);
  EXPECT_GT(std::set<std::string>(types.begin(), types.end()).size(), 1u) << "random drew one type only";
  expect_no_workers_left(second);
}

TEST(FailuresMixedRate, RandomOnThreadPoolDrawsOnlyTheTypesItSurvivesAndSaysSo) {
  const std::string base = R"({"structure": "reduce", "task_count": 16, "warmup_tasks": 0})";
  auto args = failure_args(thread_pool, "random", "0.5", base);
  args.insert(args.end(), {"--app.seed", "3"});
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, args);
  const RecordCounts counts = check_verified_run(run, "random", "0.5");
  EXPECT_GT(counts.injected, 0);
  EXPECT_GT(counts.succeeded, 0);
  EXPECT_NE(run.log.find("among the types executor 'thread-pool' survives: dependency, failure, import, "
                         "zero-division, memory, ulimit"),
            std::string::npos)
      << run.log;
  for (const auto& type : chosen_types(run.report)) {
    EXPECT_TRUE(thread_pool.refused.count(type) == 0) << type;
  }
}

// ---- cholesky as the base -------------------------------------------------------------

#ifdef TAPS_HAVE_CHOLESKY
TEST(FailuresOnCholesky, DependantsOfEachInjectedTileFailureFailAndTheRestOfTheGraphRuns) {
  auto args = failure_args(process_pool, "failure", "0.2", R"({"matrix_size": 64, "block_size": 16})");
  args[1] = "cholesky";
  args.insert(args.end(), {"--app.seed", "2"});
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, args);
  const RecordCounts counts = check_verified_run(run, "failure", "0.2", "cholesky");
  EXPECT_GT(counts.injected, 0);
  EXPECT_GT(counts.dependency_failed, 0);
  EXPECT_GT(counts.succeeded, 0);
  EXPECT_EQ(run.records.size(), 20u) << "4 potrf, 6 trsm, 6 syrk, 4 gemm: one record each";
  EXPECT_NE(run.log.find("the base app cholesky failed, as expected with injected failures"), std::string::npos);
  expect_no_workers_left(run);
}

TEST(FailuresOnCholesky, AtRateZeroTheBaseAppVerifiesItsFactorization) {
  auto args = failure_args(thread_pool, "memory", "0", R"({"matrix_size": 64, "block_size": 16})");
  args[1] = "cholesky";
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, args);
  check_verified_run(run, "memory", "0", "cholesky");
  EXPECT_NE(run.log.find("Verified: relative residual"), std::string::npos) << run.log;
}
#endif

// ---- node-killed kills this run's workers and nothing else -----------------------------

/// A process whose command line reads like a worker of the run whose config
/// is `config_file`: `sh -c 'read line' worker --config FILE`, waiting on a
/// pipe nobody writes to. One process, no child that could outlive it.
class FakeWorker {
 public:
  explicit FakeWorker(const fs::path& config_file) {
    int fds[2];
    if (pipe(fds) != 0) ADD_FAILURE() << "pipe failed";
    std::vector<std::string> argv{"/bin/sh", "-c", "read line", "worker", "--config", config_file.string()};
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    EXPECT_EQ(posix_spawn(&pid_, c_argv[0], &actions, nullptr, c_argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[0]);
    input_ = fds[1];
  }
  FakeWorker(const FakeWorker&) = delete;
  FakeWorker& operator=(const FakeWorker&) = delete;
  ~FakeWorker() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    close(input_);
  }

  /// Whether it was SIGKILLed; false while it runs. Call before anything
  /// reaps this process's stray children.
  bool killed() {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
    ended_ = true;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  bool ended() const { return ended_; }

 private:
  pid_t pid_ = -1;
  int input_ = -1;
  bool ended_ = false;
};

TEST(FailuresNodeKilled, KillsEveryWorkerOfTheRunAndNoProcessOfAnotherRun) {
  Scratch scratch;
  const fs::path run_dir = scratch.path() / "runs" / "node";
  FakeWorker ours(run_dir / "config.toml");
  FakeWorker theirs(scratch.path() / "runs" / "other" / "config.toml");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // both shells are running

  const FailuresRun run = run_failures(scratch, failure_args(process_pool, "node-killed", "1"), "node");
  const bool ours_killed = ours.killed();
  const bool theirs_killed = theirs.killed();
  ASSERT_EQ(run.dir, run_dir);
  check_verified_run(run, "node-killed", "1");
  EXPECT_TRUE(ours_killed) << "a process naming this run's config.toml as a worker was left alive";
  EXPECT_FALSE(theirs.ended()) << "a process of another run was killed";
  EXPECT_FALSE(theirs_killed);
  expect_no_workers_left(run);
}

#ifdef TAPS_HAVE_CHOLESKY
// What node-killed relies on: a pool whose workers are all killed while
// idle replaces them, because workers killed from outside say nothing about
// whether workers can start. (It used to count them as workers that "keep
// exiting before running any task" and fail every task after the third.)
TEST(FailuresNodeKilled, APoolWhoseIdleWorkersAreAllKilledReplacesThemAndRunsOn) {
  Scratch scratch;
  const fs::path run_dir = scratch.path() / "runs" / "idle";
  // The client spends about a second making the 2048 x 2048 matrix before it
  // submits anything: the workers are idle then. An unoptimized sanitizer
  // build takes longer than that for a 512 x 512 one, and could not factor
  // and check the larger one within the deadline.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  const char* matrix_size = "512";
  const char* block_size = "256";
#else
  const char* matrix_size = "2048";
  const char* block_size = "1024";
#endif
  HostProcess host({"--plugin-path", TAPS_PLUGIN_DIR, "run", "--app", "cholesky", "--app.matrix-size", matrix_size,
                    "--app.block-size", block_size, "--engine.executor", "process-pool", "--engine.executor.workers", "4",
                    "--run.dir-format", run_dir.string()},
                   scratch.path() / "out.txt");
  bool killed = false;
  const Ending& ending = host.wait(run_deadline, [&] {
    // The console gets each line at once (log.txt may lag up to a second).
    if (killed || host.output().find("started 4 worker processes") == std::string::npos) return;
    host.poll();
    for (const auto& worker : host.workers()) ::kill(worker.pid, SIGKILL);
    killed = host.workers().size() == 4;
  });
  ASSERT_TRUE(killed) << "the run ended before its 4 workers could be killed:\n" << host.output();
  const std::string log = read_text(run_dir / "log.txt");
  EXPECT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  // All four died idle: before the app submitted its first task.
  const std::string idle_part = log.substr(0, log.find("Submitting"));
  std::size_t idle_deaths = 0;
  for (auto at = idle_part.find("was killed by signal 9"); at != std::string::npos;
       at = idle_part.find("was killed by signal 9", at + 1)) {
    ++idle_deaths;
  }
  EXPECT_EQ(idle_deaths, 4u) << log;
  EXPECT_EQ(log.find("keep exiting"), std::string::npos) << log;
  EXPECT_NE(log.find("Verified: relative residual"), std::string::npos) << log;
  FailuresRun run;
  run.workers = host.workers();
  run.dir = run_dir;
  expect_no_workers_left(run);
}
#endif

// ---- what is refused ------------------------------------------------------------------

TEST(FailuresRefusals, TimeoutOnAProcessPoolWithoutATimeoutSaysHowToSetOne) {
  Scratch scratch;
  const FailuresRun run = run_failures(
      scratch, {"--app.base", "synthetic", "--app.config", reduce_base, "--app.failure-type", "timeout",
                "--engine.executor", "process-pool", "--engine.executor.workers", "1"});
  EXPECT_TRUE(exited_with(run, 1)) << to_string(run.ending) << "\n" << run.output;
  EXPECT_NE(run.output.find("failure_type 'timeout' cannot run on executor 'process-pool'"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("--engine.executor.timeout > 0"), std::string::npos) << run.output;
  EXPECT_TRUE(run.records.empty());
  expect_no_workers_left(run);
}

TEST(FailuresRefusals, AnUnknownBaseAppIsRefusedListingTheInstalledApps) {
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, {"--app.base", "nope"});
  EXPECT_TRUE(exited_with(run, 1)) << to_string(run.ending) << "\n" << run.output;
  EXPECT_NE(run.output.find("base app 'nope': unknown app 'nope'; available apps:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("synthetic"), std::string::npos) << run.output;
  EXPECT_TRUE(run.records.empty());
}

TEST(FailuresRefusals, ABaseOptionTheBaseAppDoesNotHaveIsRefusedNamingIt) {
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, {"--app.base", "synthetic", "--app.config", R"({"task_cont": 3})"});
  EXPECT_TRUE(exited_with(run, 1)) << to_string(run.ending) << "\n" << run.output;
  EXPECT_NE(run.output.find("app 'synthetic' has no option 'task_cont'; its options are: structure, task_count"),
            std::string::npos)
      << run.output;
  EXPECT_TRUE(run.records.empty());
}

TEST(FailuresRefusals, ABaseOptionOfTheWrongTypeIsRefusedNamingItAndWhatItTakes) {
  Scratch scratch;
  const FailuresRun run =
      run_failures(scratch, {"--app.base", "synthetic", "--app.config", R"({"task_count": "many"})"});
  EXPECT_TRUE(exited_with(run, 1)) << run.output;
  EXPECT_NE(run.output.find("invalid value 'many' for option 'task_count' of app 'synthetic'"), std::string::npos)
      << run.output;
}

TEST(FailuresRefusals, TheFailuresAppCannotWrapItself) {
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, {"--app.base", "failures"});
  EXPECT_TRUE(exited_with(run, 1)) << run.output;
  EXPECT_NE(run.output.find("cannot wrap itself"), std::string::npos) << run.output;
}

TEST(FailuresRefusals, ARateOutsideZeroToOneIsAUsageError) {
  Scratch scratch;
  const FailuresRun run = run_failures(scratch, {"--app.base", "synthetic", "--app.failure-rate", "1.5"});
  EXPECT_TRUE(exited_with(run, 2)) << run.output;
  EXPECT_NE(run.output.find("failure_rate"), std::string::npos) << run.output;
}

// ---- the base app's options from a file --------------------------------------------------

TEST(FailuresBaseConfig, AConfigFileGivesTheBaseOptionsAndTheTableOverridesThem) {
  Scratch scratch;
  const fs::path file = scratch.path() / "base.toml";
  std::ofstream(file) << "[app]\nname = \"synthetic\"\nstructure = \"reduce\"\ntask_count = 9\nwarmup_tasks = 0\n";
  const FailuresRun run =
      run_failures(scratch, {"--app.base", "synthetic", "--app.config-file", file.string(), "--app.config",
                             R"({"task_count": 2})", "--app.failure-rate", "0"});
  check_verified_run(run, "dependency", "0");
  EXPECT_EQ(run.records.size(), 3u) << "two map tasks and a reduce task";
  EXPECT_NE(run.log.find("task_count = 2 (given)"), std::string::npos) << run.log;
}

}  // namespace
}  // namespace taps::oop_testing
