// dask_cluster.hpp — a real Dask cluster on loopback for the dask executor's
// tests: a `dask scheduler` and a `dask worker` with single-thread worker
// processes (Debian's /usr/bin/python3), started by the test and stopped
// with it, leaving no process behind.
#pragma once

#include "../workqueue/workqueue_testing.hpp"

#include <cstdlib>
#include <memory>
#include <string>

namespace taps::dask_testing {

using namespace taps::wq_testing;

constexpr double cluster_start_deadline = 40;  // seconds for the scheduler and its workers to come up

inline std::size_t occurrences(const std::string& text, const std::string& phrase) {
  std::size_t count = 0;
  for (auto at = text.find(phrase); at != std::string::npos; at = text.find(phrase, at + 1)) ++count;
  return count;
}

class DaskCluster {
 public:
  /// Starts the scheduler on a free loopback port and `workers` worker
  /// processes (each under its nanny, as `dask worker` does by default),
  /// their logs in `dir`, and waits until all are registered.
  DaskCluster(const fs::path& dir, int workers) {
    // Dask's own retries off: a task whose worker dies fails at once.
    setenv("DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES", "0", 1);
    scheduler_ = std::make_unique<Program>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", "0", "--no-dashboard"},
        dir / "scheduler.log");
    const auto start = Clock::now();
    const std::string phrase = "Scheduler at:";
    while (address_.empty() && seconds_since(start) < cluster_start_deadline) {
      const std::string log = scheduler_->output();
      if (const auto at = log.find(phrase); at != std::string::npos) {
        const auto begin = log.find("tcp://", at);
        const auto end = log.find_first_of(" \n", begin);
        if (begin != std::string::npos && end != std::string::npos) address_ = log.substr(begin, end - begin);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (address_.empty()) {
      ADD_FAILURE() << "the Dask scheduler did not start: " << scheduler_->output();
      return;
    }
    workers_ = std::make_unique<Program>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "distributed.cli.dask_worker", address_, "--nworkers",
                                 std::to_string(workers), "--nthreads", "1", "--host", "127.0.0.1",
                                 "--no-dashboard"},
        dir / "workers.log");
    while (occurrences(workers_->output(), "Registered to:") < static_cast<std::size_t>(workers) &&
           seconds_since(start) < cluster_start_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (occurrences(workers_->output(), "Registered to:") < static_cast<std::size_t>(workers)) {
      ADD_FAILURE() << "the Dask workers did not register: " << workers_->output();
    }
  }
  DaskCluster(const DaskCluster&) = delete;
  DaskCluster& operator=(const DaskCluster&) = delete;

  /// Stops the workers, then the scheduler, and checks that every process
  /// of the cluster is gone.
  ~DaskCluster() {
    std::set<ProcessId> processes;
    for (const auto* program : {workers_.get(), scheduler_.get()}) {
      if (program == nullptr || program->pid() <= 0) continue;
      const auto below = descendants_of(program->pid());
      processes.insert(below.begin(), below.end());
      if (auto self = process_id(program->pid())) processes.insert(*self);
    }
    workers_.reset();
    scheduler_.reset();
    const auto left = still_running_after(processes, exit_grace);
    EXPECT_TRUE(left.empty()) << "processes of the Dask cluster outlived it: " << describe(left);
    for (const auto& p : left) ::kill(p.pid, SIGKILL);
  }

  /// tcp://127.0.0.1:PORT, empty if the scheduler did not start.
  const std::string& address() const { return address_; }

  /// Ends the scheduler at once, as a crash of its machine would.
  void kill_scheduler() {
    if (scheduler_ && scheduler_->pid() > 0) ::kill(scheduler_->pid(), SIGKILL);
  }

  std::string logs() const {
    return (scheduler_ ? scheduler_->output() : "") + (workers_ ? workers_->output() : "");
  }

 private:
  std::string address_;
  std::unique_ptr<Program> scheduler_;
  std::unique_ptr<Program> workers_;
};

/// The executor options of a run on a running cluster at `address`.
inline std::string on_cluster(const std::string& address, const std::string& extra = "") {
  return "--engine.executor dask --engine.executor.scheduler-address " + address + " " + extra;
}

/// The executor options of a run on a local cluster of `workers` started for it.
inline std::string on_local_cluster(int workers, const std::string& extra = "") {
  return "--engine.executor dask --engine.executor.workers " + std::to_string(workers) + " " + extra;
}

/// Checks that no generic taps worker of the run at `run_dir` still runs
/// (the bridge ends them on the cluster's workers at the end of the run).
inline void expect_no_taps_worker_left(const fs::path& run_dir) {
  const auto start = Clock::now();
  auto left = processes_naming(run_dir.string());
  while (!left.empty() && seconds_since(start) < exit_grace) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = processes_naming(run_dir.string());
  }
  EXPECT_TRUE(left.empty()) << "taps workers of the run outlived it: " << describe(left);
  for (const auto& p : left) ::kill(p.pid, SIGKILL);
}

/// The cluster of two workers that the tests of this program share, started
/// before the first test and stopped after the last (shared_cluster.cpp).
const DaskCluster& shared_cluster();

}  // namespace taps::dask_testing
