// The process-pool executor, run by the real taps-host: every synthetic
// structure, results of each size the client reads differently, its receive
// buffer, crash isolation (segfault, abort, exit(3), SIGKILL from outside),
// timeouts, workers that cannot start, and that no worker process outlives
// its run, whether the run ends normally, by an error, or by SIGINT or
// SIGTERM.
#include "out_of_process.hpp"

#include "executors/process-pool/receive_buffer.hpp"
#include "executors/process-pool/task_arena.hpp"

#include <rapidjson/document.h>

#include <signal.h>

#include <cctype>
#include <cstring>

namespace taps::oop_testing {
namespace {

constexpr double run_deadline = 60;  // seconds; a run still going then is a hang
constexpr double exit_grace = 5;     // seconds workers may take to go after their host

/// Checks that every worker the run started has ended (within a grace
/// period): those seen while it ran, and any process still naming its run
/// directory. Leftovers are reported, then killed.
void expect_no_workers_left(const std::set<ProcessId>& workers, const fs::path& run_dir) {
  auto left = still_running_after(workers, exit_grace);
  EXPECT_TRUE(left.empty()) << "worker processes outlived taps-host: " << describe(left);
  if (!run_dir.empty()) {
    // Also workers started too shortly before the end to be seen; they too
    // get the grace period.
    const auto start = Clock::now();
    auto unseen = processes_naming(run_dir.string());
    while (!unseen.empty() && seconds_since(start) < exit_grace) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      reap_strays();
      unseen = processes_naming(run_dir.string());
    }
    EXPECT_TRUE(unseen.empty()) << "processes of the run outlived taps-host: " << describe(unseen);
    left.insert(left.end(), unseen.begin(), unseen.end());
  }
  for (const auto& p : left) {
    if (alive(p)) ::kill(p.pid, SIGKILL);
  }
  if (!left.empty()) still_running_after({left.begin(), left.end()}, exit_grace);
}

void expect_no_workers_left(const HostProcess& host, const Scratch& scratch) {
  EXPECT_FALSE(host.workers().empty()) << "taps-host started no worker processes";
  expect_no_workers_left(host.workers(), scratch.run_dir());
}

// ---- every synthetic structure -------------------------------------------------

class SyntheticOnProcessPool : public ::testing::TestWithParam<const char*> {};

TEST_P(SyntheticOnProcessPool, RunsWithVerifiedDataAndARecordPerTaskAndLeavesNoWorkers) {
  Scratch scratch;
  std::set<ProcessId> workers;
  run_synthetic_and_check(scratch, GetParam(), "--engine.executor process-pool --engine.executor.workers 2",
                          &workers);
  expect_no_workers_left(workers, scratch.run_dir());
}

INSTANTIATE_TEST_SUITE_P(EveryStructure, SyntheticOnProcessPool,
                         ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

// Tasks of megabytes go through each worker's shared memory (the default
// 256 MiB), through its socket when there is none (0) or when they do not
// fit (1 MiB); results, larger than a socket buffer, come back in pieces.
class LargeTasksOnProcessPool : public ::testing::TestWithParam<int> {};

TEST_P(LargeTasksOnProcessPool, ArriveIntact) {
  Scratch scratch;
  std::set<ProcessId> workers;
  run_synthetic_and_check(scratch, "reduce",
                          "--engine.executor process-pool --engine.executor.workers 2 "
                          "--engine.executor.shared-memory " +
                              std::to_string(GetParam()),
                          &workers, 6, 3 * 1024 * 1024 + 5);
  expect_no_workers_left(workers, scratch.run_dir());
}

INSTANTIATE_TEST_SUITE_P(BySharedMemory, LargeTasksOnProcessPool, ::testing::Values(256, 0, 1),
                         [](const auto& info) { return std::to_string(info.param) + "MiB"; });

// Results are read in 64 KiB chunks; a larger one is received into a block
// of its own that the engine keeps. Sizes just under, just over and far
// over that, with several tasks in flight on each worker.
class ResultSizesOnProcessPool : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ResultSizesOnProcessPool, ArriveIntactWithSeveralInFlight) {
  Scratch scratch;
  std::set<ProcessId> workers;
  run_synthetic_and_check(scratch, "bag", "--engine.executor process-pool --engine.executor.workers 2", &workers, 24,
                          GetParam());
  expect_no_workers_left(workers, scratch.run_dir());
}

INSTANTIATE_TEST_SUITE_P(AroundTheReadChunk, ResultSizesOnProcessPool,
                         ::testing::Values(64 * 1024 - 300, 64 * 1024 + 1, 1000 * 1000 + 3),
                         [](const auto& info) { return std::to_string(info.param) + "Bytes"; });

TEST(ReceiveBuffer, KeepsUnconsumedBytesAcrossGrowth) {
  process_pool::ReceiveBuffer buffer;
  std::uint8_t* room = buffer.prepare(3);
  std::memcpy(room, "abc", 3);
  buffer.commit(3);
  buffer.consume(1);
  room = buffer.prepare(1 << 20);  // grows: "bc" moves along
  std::memset(room, 'x', 1 << 20);
  buffer.commit(1 << 20);
  ASSERT_EQ(buffer.size(), 2u + (1u << 20));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buffer.data()), 3), "bcx");
}

TEST(ReceiveBuffer, ReusesItsMemoryOnceEverythingIsConsumed) {
  process_pool::ReceiveBuffer buffer;
  std::uint8_t* first = buffer.prepare(1 << 20);
  buffer.commit(1 << 20);
  buffer.consume(1 << 20);
  EXPECT_EQ(buffer.size(), 0u);
  EXPECT_EQ(buffer.prepare(1 << 20), first) << "a message of the same size must land in the same pages";
}

TEST(ReceiveBuffer, MovesAPartialFrameToTheFrontInsteadOfGrowing) {
  process_pool::ReceiveBuffer buffer;
  std::uint8_t* first = buffer.prepare(100);
  std::memset(first, 'a', 90);
  first[90] = 'z';
  buffer.commit(91);
  buffer.consume(90);  // one byte of the next frame is left
  std::uint8_t* room = buffer.prepare(99);
  EXPECT_EQ(room, first + 1) << "the room after the moved byte, in the same block";
  EXPECT_EQ(buffer.data()[0], 'z');
}

// ---- the shared-memory ring -----------------------------------------------------

std::vector<std::uint8_t> bytes_of(std::size_t size, std::uint8_t value) {
  return std::vector<std::uint8_t>(size, value);
}

TEST(TaskArena, StoresTasksOneAfterAnotherAndFreesThemOldestFirst) {
  auto arena = process_pool::TaskArena::create(4096);
  const auto a = arena.store(bytes_of(1000, 'a').data(), 1000);
  const auto b = arena.store(bytes_of(1000, 'b').data(), 1000);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->offset, 0u);
  EXPECT_EQ(b->offset % 64, 0u) << "blocks are cache-line aligned";
  EXPECT_GE(b->offset, 1000u);
  EXPECT_EQ(arena.writable(*a)[999], 'a');
  EXPECT_EQ(arena.writable(*b)[0], 'b');
  EXPECT_THROW(arena.release_oldest(*b), std::logic_error) << "results come back in the order tasks were sent";
  arena.release_oldest(*a);
  arena.release_oldest(*b);
}

TEST(TaskArena, StartsOverAtTheFrontWhenTheFrontHasRoom) {
  auto arena = process_pool::TaskArena::create(4096);
  const auto a = arena.allocate(1024);
  const auto b = arena.allocate(1024);
  arena.release_oldest(*a);
  const auto c = arena.allocate(1024);  // fits where a was: the pages already in use
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset, 0u);
  arena.release_oldest(*b);
  arena.release_oldest(*c);
  const auto d = arena.allocate(4096);  // empty again: the whole arena
  ASSERT_TRUE(d);
  EXPECT_EQ(d->offset, 0u);
}

TEST(TaskArena, RefusesWhatDoesNotFitUntilRoomIsFreed) {
  auto arena = process_pool::TaskArena::create(4096);
  const auto a = arena.allocate(2048);
  const auto b = arena.allocate(1024);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(arena.allocate(2048)) << "1 KiB is left";
  EXPECT_FALSE(arena.allocate(8192)) << "larger than the arena";
  EXPECT_FALSE(arena.allocate(0));
  arena.release_oldest(*a);
  const auto c = arena.allocate(2048);  // in front of b now
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset, 0u);
  EXPECT_FALSE(arena.allocate(1024)) << "the front is taken up to b, and b runs to the end";
}

TEST(TaskArena, GivesBackTheNewestBlockWhenItsTaskCouldNotBeWritten) {
  auto arena = process_pool::TaskArena::create(4096);
  const auto a = arena.allocate(1024);
  const auto b = arena.allocate(1024);
  EXPECT_THROW(arena.release_newest(*a), std::logic_error);
  arena.release_newest(*b);
  const auto c = arena.allocate(1024);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->offset, b->offset) << "b's room is free again";
}

TEST(TaskArena, IsSharedWithWhoeverMapsItsFileDescriptor) {
  auto arena = process_pool::TaskArena::create(1 << 20);
  const auto span = arena.store(bytes_of(5000, 7).data(), 5000);
  ASSERT_TRUE(span);
  process_pool::ArenaMapping reader(arena.fd(), 1 << 20, PROT_READ);
  const std::uint8_t* seen = reader.at(*span);
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen[0], 7);
  EXPECT_EQ(seen[4999], 7);
  arena.writable(*span)[10] = 99;
  EXPECT_EQ(seen[10], 99) << "the same pages, not a copy";
  EXPECT_EQ(reader.at(process_pool::ArenaSpan{(1 << 20) - 10, 11}), nullptr) << "a span past the end is refused";
}

// ---- crash isolation ------------------------------------------------------------

constexpr int ordinary_tasks = 20;

struct CrashCase {
  const char* mode;
  std::vector<std::string> message_parts;  // the failed task's message names these
  std::size_t payload_bytes = 0;           // of each ordinary task; from 64 KiB they go through shared memory
};

/// The records of one crashy run, checked for what every run of it shares.
struct CrashyRecords {
  Record bad;
  Record dependant;
  std::vector<Record> ordinary;
};

CrashyRecords read_crashy_records(const fs::path& run_dir) {
  const auto records = read_records(run_dir / "tasks.jsonl");
  CrashyRecords out;
  const auto bad = only(records, "bad");
  const auto dependant = only(records, "dependant");
  EXPECT_EQ(bad.size(), 1u);
  EXPECT_EQ(dependant.size(), 1u);
  if (!bad.empty()) out.bad = bad[0];
  if (!dependant.empty()) out.dependant = dependant[0];
  out.ordinary = only(records, "ok");
  EXPECT_EQ(records.size(), out.ordinary.size() + 2) << "a record per task, no more";
  return out;
}

/// The number of queued tasks the pool put back after each dead worker, as
/// its warning in log.txt says.
std::vector<int> requeued_counts(const fs::path& run_dir) {
  const std::string log = read_text(run_dir / "log.txt");
  const std::string phrase = " queued tasks go back to the pool";
  std::vector<int> counts;
  for (auto at = log.find(phrase); at != std::string::npos; at = log.find(phrase, at + 1)) {
    auto digits = at;
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(log[digits - 1]))) --digits;
    if (digits < at) counts.push_back(std::stoi(log.substr(digits, at - digits)));
  }
  return counts;
}

void PrintTo(const CrashCase& c, std::ostream* os) { *os << c.mode; }

class CrashIsolation : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashIsolation, FailsOnlyTheCrashingTaskAndItsDependantAndReplacesTheWorker) {
  const CrashCase& c = GetParam();
  const std::string mode = c.mode;
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode " + mode + " --app.tasks " +
                                          std::to_string(ordinary_tasks) +
                                          " --app.task-sleep 0.02 --app.delay 0.3 --app.sleep 30"
                                          " --app.payload-bytes " + std::to_string(c.payload_bytes) +
                                          " --engine.executor process-pool --engine.executor.workers 2")),
                   scratch.path() / "out.txt");
  bool killed = false;
  const Ending& ending = host.wait(run_deadline, [&] {
    // mode=kill: the task waits to be killed; kill its worker, by pid, from here.
    if (mode != "kill" || killed) return;
    if (const pid_t pid = crashy_bad_pid(scratch); pid > 0) {
      const auto stat = read_stat(pid);
      EXPECT_TRUE(stat && stat->ppid == host.pid()) << "pid " << pid << " is not a worker of taps-host";
      EXPECT_EQ(::kill(pid, SIGKILL), 0) << "worker " << pid;
      killed = true;
    }
  });
  ASSERT_TRUE(ending.exited && ending.exit_status == 0)
      << "the app checks the outcomes itself; " << to_string(ending) << "\n"
      << host.output();
  if (mode == "kill") {
    EXPECT_TRUE(killed);
  }

  const fs::path dir = scratch.run_dir();
  const CrashyRecords records = read_crashy_records(dir);
  EXPECT_FALSE(records.bad.success);
  EXPECT_EQ(records.bad.exception_type, "WorkerCrashed");
  for (const auto& part : c.message_parts) {
    EXPECT_NE(records.bad.exception_message.find(part), std::string::npos)
        << "'" << records.bad.exception_message << "' should name '" << part << "'";
  }
  EXPECT_NE(records.bad.exception_message.find(records.bad.id), std::string::npos) << "the message names the task";

  EXPECT_FALSE(records.dependant.success);
  EXPECT_EQ(records.dependant.exception_type, "DependencyError");
  EXPECT_EQ(records.dependant.parents, std::vector<std::string>{records.bad.id});
  EXPECT_FALSE(records.dependant.has_execution) << "the dependant never ran";

  ASSERT_EQ(records.ordinary.size(), static_cast<std::size_t>(ordinary_tasks));
  for (const auto& r : records.ordinary) {
    EXPECT_TRUE(r.success) << r.id << ": " << r.exception_type << ": " << r.exception_message;
  }

  // Tasks queued behind the crashing one on its worker went back to the
  // pool and (above) succeeded elsewhere.
  const auto requeued = requeued_counts(dir);
  ASSERT_FALSE(requeued.empty()) << "log.txt has no warning about the dead worker";
  EXPECT_GT(requeued.front(), 0) << "no task was queued on the crashing worker: the test did not exercise re-dispatch";

  // The two workers and at least one replacement.
  EXPECT_GE(host.workers().size(), 3u) << "the dead worker was not replaced";
  rapidjson::Document summary;
  summary.Parse(read_text(dir / "crashy.json").c_str());
  ASSERT_TRUE(summary.IsObject());
  EXPECT_EQ(summary["ok_succeeded"].GetInt(), ordinary_tasks);
  for (const auto& pid : summary["worker_pids"].GetArray()) {
    EXPECT_NE(pid.GetInt64(), static_cast<std::int64_t>(host.pid())) << "a task ran in taps-host itself";
  }
  expect_no_workers_left(host, scratch);
}

INSTANTIATE_TEST_SUITE_P(
    EveryWayToDie, CrashIsolation,
    ::testing::Values(CrashCase{"segfault", {"signal 11", "Segmentation fault"}},
                      CrashCase{"abort", {"signal 6", "Abort"}},
                      CrashCase{"exit", {"exited with status 3"}},
                      CrashCase{"kill", {"signal 9", "Killed"}}),
    [](const auto& info) { return std::string(info.param.mode); });

// Tasks queued on the dead worker lay in its shared memory, which dies with
// it: they are encoded again for the worker that runs them (each checks
// its payload).
INSTANTIATE_TEST_SUITE_P(
    LargeTasksInSharedMemory, CrashIsolation,
    ::testing::Values(CrashCase{"segfault", {"signal 11", "Segmentation fault"}, 300 * 1000},
                      CrashCase{"kill", {"signal 9", "Killed"}, 300 * 1000}),
    [](const auto& info) { return std::string(info.param.mode); });

TEST(ProcessPool, ATaskThatRaisesFailsAloneAndItsWorkerKeepsServing) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode throw --app.tasks 10 --app.delay 0"
                                           " --engine.executor process-pool --engine.executor.workers 2")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  const CrashyRecords records = read_crashy_records(scratch.run_dir());
  EXPECT_EQ(records.bad.exception_type, "std::runtime_error");
  EXPECT_EQ(records.bad.exception_message, "crashy task raised on purpose");
  EXPECT_TRUE(records.bad.has_execution);
  EXPECT_EQ(records.dependant.exception_type, "DependencyError");
  EXPECT_EQ(host.workers().size(), 2u) << "a raising task must not cost its worker";
  expect_no_workers_left(host, scratch);
}

// ---- timeouts -----------------------------------------------------------------------

TEST(ProcessPool, ATaskOverTheTimeoutFailsWithTimeoutErrorWithinSecondsAndTheRunGoesOn) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode sleep --app.sleep 10 --app.delay 0"
                                           " --app.tasks 20 --app.task-sleep 0.01"
                                           " --engine.executor process-pool --engine.executor.workers 2"
                                           " --engine.executor.timeout 0.5")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  EXPECT_LT(ending.seconds, 6.0) << "the 10 s task should have been stopped after 0.5 s";

  const CrashyRecords records = read_crashy_records(scratch.run_dir());
  EXPECT_FALSE(records.bad.success);
  EXPECT_EQ(records.bad.exception_type, "TimeoutError");
  EXPECT_NE(records.bad.exception_message.find("timeout"), std::string::npos) << records.bad.exception_message;
  EXPECT_LT(records.bad.received_time - records.bad.submit_time, 3.0);
  EXPECT_EQ(records.dependant.exception_type, "DependencyError");
  for (const auto& r : records.ordinary) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
  expect_no_workers_left(host, scratch);
}

TEST(ProcessPool, TasksQueuedOnAWorkerDoNotAddUpToATimeout) {
  // One worker, eight tasks of 0.15 s queued on it: each is well under the
  // 0.5 s timeout, together they are not.
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.delay 0 --app.tasks 8"
                                           " --app.task-sleep 0.15"
                                           " --engine.executor process-pool --engine.executor.workers 1"
                                           " --engine.executor.timeout 0.5")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  const auto records = read_records(scratch.run_dir() / "tasks.jsonl");
  EXPECT_EQ(records.size(), 10u);
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.function << " " << r.id << ": " << r.exception_message;
  expect_no_workers_left(host, scratch);
}

TEST(ProcessPool, ReportsEachResultAsSoonAsItsTaskEnds) {
  // One worker, four tasks of 0.3 s queued on it: each result reaches the
  // client when its task ends, not when the worker's queue is empty.
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.delay 0 --app.tasks 4"
                                           " --app.task-sleep 0.3"
                                           " --engine.executor process-pool --engine.executor.workers 1")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  const auto ordinary = only(read_records(scratch.run_dir() / "tasks.jsonl"), "ok");
  ASSERT_EQ(ordinary.size(), 4u);
  for (const auto& r : ordinary) {
    EXPECT_LT(r.received_time - r.execution_end_time, 0.15)
        << "task " << r.id << " ended " << r.received_time - r.execution_end_time
        << " s before the client heard of it";
  }
  expect_no_workers_left(host, scratch);
}

TEST(ProcessPool, AWorkerSentHundredsOfTasksAtOnceRunsThemAll) {
  // prefetch 300: one read brings the worker many whole tasks, and the
  // client sends nothing more until it gets results, so the worker must run
  // every buffered task before it blocks on its socket again.
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app synthetic --app.structure bag --app.task-count 2000"
                                           " --app.bag-max-running 600 --app.warmup-tasks 0"
                                           " --engine.executor process-pool --engine.executor.workers 1"
                                           " --engine.executor.prefetch 300")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(30);
  ASSERT_FALSE(ending.hung) << "the run hung\n" << host.output();
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  const auto records = read_records(scratch.run_dir() / "tasks.jsonl");
  EXPECT_EQ(records.size(), 2000u);
  EXPECT_TRUE(std::all_of(records.begin(), records.end(), [](const Record& r) { return r.success; }));
  expect_no_workers_left(host, scratch);
}

// ---- workers that cannot start ---------------------------------------------------

TEST(ProcessPool, WorkersThatFailToStartFailTheRunWithTheReason) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.tasks 4"
                                           " --engine.executor process-pool --engine.executor.workers 2"
                                           " --engine.filter crashy-gate --engine.filter.in-worker fail")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  const std::string output = host.output();
  ASSERT_TRUE(ending.exited && ending.exit_status == 1) << to_string(ending) << "\n" << output;
  EXPECT_LT(ending.seconds, 20.0);
  EXPECT_NE(output.find("executor 'process-pool' failed to start: "), std::string::npos) << output;
  EXPECT_NE(output.find("Error: worker process"), std::string::npos) << output;
  EXPECT_NE(output.find("exited with status 1 before it was ready"), std::string::npos) << output;
  EXPECT_NE(output.find("crashy-gate refuses to start in a worker process"), std::string::npos)
      << "the worker's own error reaches the output\n"
      << output;
  expect_no_workers_left(host, scratch);
}

TEST(ProcessPool, WorkersThatHangAtStartFailTheRunAfterTheStartTimeout) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.tasks 4"
                                           " --engine.executor process-pool --engine.executor.workers 2"
                                           " --engine.executor.start-timeout 1"
                                           " --engine.filter crashy-gate --engine.filter.in-worker hang")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  const std::string output = host.output();
  ASSERT_TRUE(ending.exited && ending.exit_status == 1) << to_string(ending) << "\n" << output;
  EXPECT_LT(ending.seconds, 15.0);
  EXPECT_NE(output.find("did not start within 1"), std::string::npos) << output;
  expect_no_workers_left(host, scratch);
}

TEST(ProcessPool, ARunWhoseReplacementWorkersCannotStartEndsWithItsTasksFailed) {
  // The only worker crashes, and from then on no worker can start: the
  // tasks left must fail with the reason, not wait forever.
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode segfault --app.tasks 6 --app.delay 0.2"
                                           " --app.break-workers true"
                                           " --engine.executor process-pool --engine.executor.workers 1"
                                           " --engine.filter crashy-gate --engine.filter.in-worker marker")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(30);
  const std::string output = host.output();
  ASSERT_FALSE(ending.hung) << "the run hung\n" << output;
  ASSERT_TRUE(ending.exited && ending.exit_status == 1) << to_string(ending) << "\n" << output;
  const CrashyRecords records = read_crashy_records(scratch.run_dir());
  EXPECT_EQ(records.bad.exception_type, "WorkerCrashed");
  EXPECT_EQ(records.dependant.exception_type, "DependencyError");
  ASSERT_EQ(records.ordinary.size(), 6u);
  for (const auto& r : records.ordinary) {
    EXPECT_FALSE(r.success);
    EXPECT_EQ(r.exception_type, "WorkerStartError") << r.exception_message;
  }
  EXPECT_NE(output.find("crashy-gate: the run is marked"), std::string::npos) << output;
  expect_no_workers_left(host, scratch);
}

// ---- no orphans: error exits and signals ---------------------------------------------

TEST(ProcessPool, AnAppErrorFailsTheRunAndLeavesNoWorkers) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.delay 0 --app.tasks 10"
                                           " --app.task-sleep 0.05 --app.app-error true"
                                           " --engine.executor process-pool --engine.executor.workers 2")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(run_deadline);
  const std::string output = host.output();
  ASSERT_TRUE(ending.exited && ending.exit_status == 1) << to_string(ending) << "\n" << output;
  EXPECT_NE(output.find("crashy fails on purpose"), std::string::npos) << output;
  expect_no_workers_left(host, scratch);
}

// A terminal's Ctrl-C reaches the workers too (same process group); the
// host handles it, so a worker must not die of it and fail its task.
TEST(ProcessPool, WorkersIgnoreSigintWhichIsTheHostsToHandle) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.delay 0 --app.tasks 4"
                                           " --app.task-sleep 1"
                                           " --engine.executor process-pool --engine.executor.workers 2")),
                   scratch.path() / "out.txt");
  bool sent = false;
  const Ending& ending = host.wait(run_deadline, [&] {
    if (sent || host.workers().size() < 2 || scratch.run_dir().empty() ||
        !fs::exists(scratch.run_dir() / "crashy-bad.pid")) {
      return;
    }
    for (const auto& worker : host.workers()) EXPECT_EQ(::kill(worker.pid, SIGINT), 0);
    sent = true;
  });
  ASSERT_TRUE(sent) << to_string(ending) << "\n" << host.output();
  EXPECT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  EXPECT_EQ(host.workers().size(), 2u) << "workers were replaced";
  for (const auto& r : read_records(scratch.run_dir() / "tasks.jsonl")) {
    EXPECT_NE(r.exception_type, "WorkerCrashed") << r.exception_message;
  }
  expect_no_workers_left(host, scratch);
}

struct SignalCase {
  int signal;
  int exit_status;
  const char* name;
  bool to_group;  // to the process group (Ctrl-C in a terminal), else to taps-host alone
};

void PrintTo(const SignalCase& c, std::ostream* os) { *os << c.name; }

class InterruptedRun : public ::testing::TestWithParam<SignalCase> {};

TEST_P(InterruptedRun, EndsWithTheSignalsStatusAndLeavesNoWorkers) {
  const SignalCase& c = GetParam();
  Scratch scratch;
  // Every worker is inside a long task when the signal arrives.
  HostProcess host(run_args(scratch, words("--app crashy --app.mode sleep --app.sleep 60 --app.delay 0"
                                           " --app.tasks 3 --app.task-sleep 60"
                                           " --engine.executor process-pool --engine.executor.workers 2")),
                   scratch.path() / "out.txt", c.to_group);
  bool sent = false;
  double sent_at = 0;
  const Ending& ending = host.wait(run_deadline, [&] {
    if (sent) return;
    const fs::path dir = scratch.run_dir();
    if (dir.empty() || !fs::exists(dir / "crashy-bad.pid") || host.workers().size() < 2) return;
    ASSERT_EQ(c.to_group ? host.signal_group(c.signal) : ::kill(host.pid(), c.signal), 0);
    sent = true;
    sent_at = host.seconds_running();
  });
  ASSERT_TRUE(sent) << to_string(ending) << "\n" << host.output();
  ASSERT_TRUE(ending.exited) << to_string(ending) << "\n" << host.output();
  EXPECT_EQ(ending.exit_status, c.exit_status) << host.output();
  EXPECT_LT(ending.seconds - sent_at, 5.0) << "taps-host took long to stop";
  expect_no_workers_left(host, scratch);
}

INSTANTIATE_TEST_SUITE_P(BySignal, InterruptedRun,
                         ::testing::Values(SignalCase{SIGINT, 130, "SIGINT", false},
                                           SignalCase{SIGTERM, 143, "SIGTERM", false},
                                           SignalCase{SIGINT, 130, "SIGINTToTheProcessGroup", true},
                                           SignalCase{SIGTERM, 143, "SIGTERMToTheProcessGroup", true}),
                         [](const auto& info) { return std::string(info.param.name); });

// `taps-host worker` sets PR_SET_PDEATHSIG before it loads any plugin, so
// a worker that hangs while starting still dies with a terminated host.
TEST(ProcessPool, WorkersStillStartingWhenTheHostIsTerminatedDoNotOutliveIt) {
  // The workers hang while loading plugins, before the process-pool's worker
  // side runs in them; taps-host gets SIGTERM meanwhile.
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.tasks 2"
                                           " --engine.executor process-pool --engine.executor.workers 2"
                                           " --engine.executor.start-timeout 60"
                                           " --engine.filter crashy-gate --engine.filter.in-worker hang")),
                   scratch.path() / "out.txt");
  bool sent = false;
  const Ending& ending = host.wait(run_deadline, [&] {
    if (sent || host.workers().size() < 2) return;
    ASSERT_EQ(::kill(host.pid(), SIGTERM), 0);
    sent = true;
  });
  ASSERT_TRUE(sent) << to_string(ending) << "\n" << host.output();
  EXPECT_TRUE(ending.exited && ending.exit_status == 143) << to_string(ending) << "\n" << host.output();
  expect_no_workers_left(host, scratch);
}

}  // namespace
}  // namespace taps::oop_testing
