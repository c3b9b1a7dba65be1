// The tbb executor: tasks run in a oneTBB task_arena of `workers` threads,
// scheduled by oneTBB's work-stealing scheduler. Dependencies stay in the
// engine; oneTBB sees only ready tasks.
#include <taps/plugin.hpp>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace taps::tbb_executor {

class TbbExecutor {
 public:
  static constexpr PluginInfo info{"tbb", "0.1.0", "oneTBB task_arena with work stealing."};
  static constexpr taps_option_desc options[] = {
      // Capped at 4096: beyond it a typo (99999999) would exhaust the
      // machine's threads and memory before failing; see docs/robustness.md.
      option::integer("workers", "Threads in the arena; 0 means one per hardware thread.").defaults("0").min(0).max(4096),
  };

  TbbExecutor(Host host, const Config& config)
      : tasks_(host),
        workers_(config.get_int("workers") > 0 ? static_cast<int>(config.get_int("workers"))
                                               : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        // Let the arena have `workers` threads even beyond the machine's cores.
        limit_(oneapi::tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(workers_) + 1),
        // No slot is reserved for the submitting thread: the app's thread only
        // submits and waits; the arena's own threads run every task.
        arena_(workers_, 0) {
    host.debug("tbb arena with " + std::to_string(workers_) + " threads");
  }

  ~TbbExecutor() {
    shutdown(true, false);
    // Wait for oneTBB's worker threads to end rather than leave them to the
    // process's exit: threads still running then are what LeakSanitizer's
    // exit-time scan crashed on. It returns false (and does nothing) when
    // something else in the process still uses oneTBB.
    arena_.terminate();
    oneapi::tbb::finalize(scheduler_, std::nothrow);
  }

  void submit(taps_task* task) {
    // enqueue() never blocks the caller and may be called from inside a
    // running task (the engine dispatches children from finishing tasks).
    arena_.enqueue(group_.defer([this, task] {
      if (cancelled_.load(std::memory_order_relaxed)) {
        tasks_.fail(task, "CancelledError", "tbb executor shut down before the task started");
      } else {
        tasks_.execute(task);
      }
    }));
  }

  void shutdown(bool, bool cancel_pending) {
    if (cancel_pending) cancelled_ = true;
    arena_.execute([this] { group_.wait(); });
  }

 private:
  ExecutorHost tasks_;
  int workers_;
  oneapi::tbb::task_scheduler_handle scheduler_{oneapi::tbb::attach{}};
  oneapi::tbb::global_control limit_;
  oneapi::tbb::task_arena arena_;
  oneapi::tbb::task_group group_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace taps::tbb_executor

TAPS_PLUGINS(taps::executor<taps::tbb_executor::TbbExecutor>)
