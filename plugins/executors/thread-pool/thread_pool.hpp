// thread_pool.hpp — the in-process executor: a fixed set of worker threads
// running tasks in the host through ExecutorHost::execute.
#pragma once

#include "wake_signal.hpp"

#include <taps/config.hpp>
#include <taps/executor.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <atomic>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace taps::thread_pool {

/// Workers share one FIFO queue. An idle worker spins briefly before it
/// sleeps, because a sleeping worker costs a wake-up system call and tens
/// of microseconds of latency on the next submit, which dominates no-op
/// task throughput. submit() may be called from any thread, including from
/// inside execute() on a worker (the engine dispatches a finished task's
/// children from the thread that finished it), so no lock is held while a
/// task runs and submit never blocks on execution.
class ThreadPool {
 public:
  static constexpr PluginInfo info{"thread-pool", "1.0.0",
                                   "Runs tasks on a pool of threads inside taps-host."};
  static constexpr taps_option_desc options[] = {
      // Capped at 4096: beyond it a typo (99999999) would exhaust the
      // machine's threads and memory before failing; see docs/robustness.md.
      option::integer("workers", "Worker threads; 0 means one per hardware thread.").defaults("0").min(0).max(4096),
  };

  ThreadPool(Host host, const Config& config);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void submit(taps_task* task);

  /// Always joins the workers, so that no host call follows the return.
  /// Tasks not started are failed as CancelledError when `cancel_pending`
  /// or when `wait` is false; otherwise they run first.
  void shutdown(bool wait, bool cancel_pending);

 private:
  void work();
  /// Moves up to a fair share of the queue into `batch`; false when empty.
  bool take_batch(std::vector<taps_task*>& batch);
  bool spin_until_work() const;
  void cancel(taps_task* task) const;

  Host host_;
  ExecutorHost executor_host_;
  const std::size_t worker_count_;

  std::mutex mutex_;
  std::deque<taps_task*> queue_;        // guarded by mutex_
  std::atomic<std::size_t> queued_{0};  // queue_.size(), readable without the lock
  bool stopping_ = false;               // guarded by mutex_
  std::atomic<bool> cancelling_{false};
  bool stopped_ = false;                // set by shutdown() once the workers are joined

  WakeSignal wake_;
  std::vector<std::thread> workers_;
};

}  // namespace taps::thread_pool
