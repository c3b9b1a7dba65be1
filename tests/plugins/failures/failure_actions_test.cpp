// What injected tasks do, called through their C entry points as a worker
// calls them: raised failures in this process; memory, descriptors and
// timeouts with their limits restored; and the kills, each in forked
// children so that the test survives them.
#include "apps/failures/failures_app.hpp"
#include "apps/failures/injected_tasks.hpp"
#include "apps/failures/injection.hpp"

#include <taps/buffer.hpp>
#include <taps/codec.hpp>
#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace taps::failures {
namespace {

const void* no_interface(const taps_host*, const char*) { return nullptr; }
void no_log(const taps_host*, taps_log_level, const char*, const char*) {}
double no_clock(const taps_host*) { return 0; }

const taps_host host{sizeof(taps_host), TAPS_ABI_MAJOR, TAPS_ABI_MINOR, "test", nullptr, &no_log, &no_clock,
                     &no_interface};

struct Outcome {
  taps_status status = TAPS_OK;
  std::string type;
  std::string message;
};

/// Calls the app's registered task function for `type`, as a worker would.
Outcome run_task(FailureType type, Injection injection) {
  injection.type = type;
  if (injection.replaces.empty()) injection.replaces = "synthetic.noop";
  Buffer payload(encode_payload(injection));
  const taps_payload_view args[] = {payload.view()};
  const taps_function_desc* desc = nullptr;
  for (const auto& task : FailuresApp::tasks) {
    if (std::string(task.desc.name) == injected_function(type)) desc = &task.desc;
  }
  EXPECT_NE(desc, nullptr) << injected_function(type);
  detail::ErrorCapture error;
  const auto sink = error.sink();
  taps_buffer result{};
  Outcome outcome;
  outcome.status = desc->invoke(&host, args, 1, &result, &sink);
  outcome.type = error.type;
  outcome.message = error.message;
  return outcome;
}

Injection inside_this_process() {
  Injection injection;
  injection.client_pid = getpid();
  injection.memory_limit = 16 << 20;
  injection.sleep_limit = 0.05;
  return injection;
}

int open_descriptors() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr) ++count;
    closedir(dir);
  }
  return count;
}

/// Runs `body` in a forked child and returns its wait status.
template <class Body>
int in_child(Body&& body) {
  const pid_t pid = fork();
  if (pid == 0) {
    body();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(InjectedTasks, TheRaisedFailuresFailWithTheirExceptionNamingTheTaskTheyReplace) {
  const Outcome failure = run_task(FailureType::failure, inside_this_process());
  EXPECT_EQ(failure.status, TAPS_TASK_FAILED);
  EXPECT_EQ(failure.type, "InjectedFailure");
  EXPECT_NE(failure.message.find("injected in place of synthetic.noop"), std::string::npos) << failure.message;

  const Outcome import = run_task(FailureType::import, inside_this_process());
  EXPECT_EQ(import.type, "ImportError");
  EXPECT_NE(import.message.find("cannot open shared object file"), std::string::npos) << import.message;

  const Outcome division = run_task(FailureType::zero_division, inside_this_process());
  EXPECT_EQ(division.type, "ZeroDivisionError");
  EXPECT_NE(division.message.find("divide-by-zero"), std::string::npos) << division.message;

  const Outcome parent = run_task(FailureType::dependency, inside_this_process());
  EXPECT_EQ(parent.type, "ParentDependencyError");
}

TEST(InjectedTasks, AnInjectedTaskGivenAnotherTypesInjectionOrNoneIsATypeError) {
  Injection memory = inside_this_process();
  memory.type = FailureType::memory;
  Buffer payload(encode_payload(memory));
  const taps_payload_view args[] = {payload.view()};
  detail::ErrorCapture error;
  const auto sink = error.sink();
  taps_buffer result{};
  EXPECT_EQ(invoke_injected<FailureType::failure>(&host, args, 1, &result, &sink), TAPS_TASK_FAILED);
  EXPECT_EQ(error.type, "TypeError");
  EXPECT_EQ(invoke_injected<FailureType::failure>(&host, args, 0, &result, &sink), TAPS_TASK_FAILED);
  EXPECT_EQ(error.type, "TypeError");
}

TEST(InjectedTasks, MemoryInsideTapsHostIsABudgetAndLeavesTheAddressSpaceLimitAlone) {
  rlimit before{};
  getrlimit(RLIMIT_AS, &before);
  const Outcome memory = run_task(FailureType::memory, inside_this_process());
  EXPECT_EQ(memory.type, "MemoryError");
  EXPECT_NE(memory.message.find("reached its memory_limit of 16 MiB after touching 16 MiB"), std::string::npos)
      << memory.message;
  rlimit after{};
  getrlimit(RLIMIT_AS, &after);
  EXPECT_EQ(after.rlim_cur, before.rlim_cur);
}

TEST(InjectedTasks, MemoryInAWorkerStopsAtTheLoweredAddressSpaceLimitAndRestoresIt) {
  // The child is the worker: RLIMIT_AS of the test process is never touched.
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int status = in_child([&] {
    rlimit before{};
    getrlimit(RLIMIT_AS, &before);
    Injection injection = inside_this_process();
    injection.client_pid = getppid();
    const Outcome memory = run_task(FailureType::memory, injection);
    rlimit after{};
    getrlimit(RLIMIT_AS, &after);
    const std::string report = memory.type + "|" + (after.rlim_cur == before.rlim_cur ? "restored" : "changed") +
                               "|" + memory.message;
    [[maybe_unused]] ssize_t n = write(pipe_fds[1], report.data(), report.size());
  });
  close(pipe_fds[1]);
  char buffer[1024] = {};
  [[maybe_unused]] ssize_t n = read(pipe_fds[0], buffer, sizeof buffer - 1);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFEXITED(status));
  const std::string report = buffer;
  EXPECT_EQ(report.rfind("MemoryError|restored|", 0), 0u) << report;
  EXPECT_NE(report.find("RLIMIT_AS"), std::string::npos) << report;
}

TEST(InjectedTasks, UlimitHitsEmfileThenClosesEveryFileAndRestoresTheLimit) {
  rlimit before{};
  getrlimit(RLIMIT_NOFILE, &before);
  const int open_before = open_descriptors();
  const Outcome ulimit = run_task(FailureType::ulimit, inside_this_process());
  EXPECT_EQ(ulimit.type, "OSError");
  EXPECT_NE(ulimit.message.find("[Errno 24] Too many open files"), std::string::npos) << ulimit.message;
  rlimit after{};
  getrlimit(RLIMIT_NOFILE, &after);
  EXPECT_EQ(after.rlim_cur, before.rlim_cur);
  EXPECT_EQ(open_descriptors(), open_before);
}

TEST(InjectedTasks, ATimeoutNobodyEnforcesEndsAfterSleepLimitWithAnInjectionError) {
  const Outcome timeout = run_task(FailureType::timeout, inside_this_process());
  EXPECT_EQ(timeout.type, "InjectionError");
  EXPECT_NE(timeout.message.find("without the executor stopping the task"), std::string::npos) << timeout.message;
}

TEST(InjectedTasks, KillsInsideTapsHostAreRefusedAndKillNothing) {
  for (FailureType type : {FailureType::worker_killed, FailureType::manager_killed, FailureType::node_killed}) {
    const Outcome kill = run_task(type, inside_this_process());
    EXPECT_EQ(kill.type, "InjectionError") << name_of(type);
    EXPECT_NE(kill.message.find("runs inside taps-host"), std::string::npos) << kill.message;
  }
}

TEST(InjectedTasks, WorkerKilledEndsItsOwnProcessWithSigkill) {
  const int status = in_child([] {
    Injection injection = inside_this_process();
    injection.client_pid = getppid();
    run_task(FailureType::worker_killed, injection);
  });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(InjectedTasks, ManagerKilledKillsTheParentOfItsProcessAndThenItself) {
  // The test process stands for taps-host, a child for the manager and a
  // grandchild for the task's process, which becomes ours to reap once its
  // manager is gone.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  const pid_t client = getpid();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t manager = fork();
  if (manager == 0) {
    if (fork() == 0) {
      // Says who it is before it kills anything.
      const pid_t self = getpid();
      [[maybe_unused]] ssize_t n = write(pipe_fds[1], &self, sizeof self);
      Injection injection = inside_this_process();
      injection.client_pid = client;
      run_task(FailureType::manager_killed, injection);
      _exit(0);
    }
    for (;;) pause();
  }
  close(pipe_fds[1]);
  pid_t task = 0;
  ASSERT_EQ(read(pipe_fds[0], &task, sizeof task), static_cast<ssize_t>(sizeof task));
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(manager, &status, 0), manager);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the manager was killed";
  ASSERT_EQ(waitpid(task, &status, 0), task);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the task's process died with it";
}

TEST(InjectedTasks, ManagerKilledRefusesWhenTheParentIsTapsHost) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int status = in_child([&] {
    Injection injection = inside_this_process();
    injection.client_pid = getppid();  // the parent is the client itself
    const Outcome kill = run_task(FailureType::manager_killed, injection);
    const std::string report = kill.type + "|" + kill.message;
    [[maybe_unused]] ssize_t n = write(pipe_fds[1], report.data(), report.size());
  });
  close(pipe_fds[1]);
  char buffer[1024] = {};
  [[maybe_unused]] ssize_t n = read(pipe_fds[0], buffer, sizeof buffer - 1);
  close(pipe_fds[0]);
  EXPECT_TRUE(WIFEXITED(status)) << "the child was not killed";
  EXPECT_EQ(std::string(buffer).rfind("InjectionError|", 0), 0u) << buffer;
  EXPECT_NE(std::string(buffer).find("has no manager"), std::string::npos) << buffer;
}

}  // namespace
}  // namespace taps::failures
