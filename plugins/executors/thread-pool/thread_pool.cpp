#include "thread_pool.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <system_error>

namespace taps::thread_pool {

namespace {

// At most this many tasks move from the shared queue to one worker at once:
// batching saves lock round trips, the cap keeps work spread over workers.
constexpr std::size_t max_batch = 32;

// How long an idle worker polls before it sleeps. A futex wake-up costs
// ~20-30 µs here, so polling for about that long catches the next task of a
// steady stream without paying for the wake-up.
constexpr auto spin_time = std::chrono::microseconds(50);

// Busy-wait iterations before polling also yields the core, so that a client
// thread on the same core (the app submitting the next task) can run.
constexpr int pause_iterations = 64;

std::size_t worker_count(const Config& config) {
  auto workers = static_cast<std::size_t>(config.get_int("workers"));
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  return workers;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

ThreadPool::ThreadPool(Host host, const Config& config)
    : host_(host), executor_host_(host), worker_count_(worker_count(config)) {
  workers_.reserve(worker_count_);
  for (std::size_t i = 0; i < worker_count_; ++i) {
    try {
      workers_.emplace_back([this] { work(); });
    } catch (const std::system_error& e) {
      // Out of threads (ulimit -u, memory): a run error, not std::terminate
      // from destroying the threads already started.
      shutdown(true, false);
      throw Error("ExecutorError", "cannot start worker thread " + std::to_string(i + 1) + " of " +
                                       std::to_string(worker_count_) + ": " + e.what());
    }
    // Named so that a profiler or debugger shows whose threads these are.
    pthread_setname_np(workers_.back().native_handle(), ("taps-pool-" + std::to_string(i)).c_str());
  }
  host_.debug("started " + std::to_string(worker_count_) + " workers");
}

ThreadPool::~ThreadPool() {
  if (!stopped_) shutdown(true, false);
}

void ThreadPool::submit(taps_task* task) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) throw Error("ShutdownError", "the thread-pool executor has shut down");
    queue_.push_back(task);
    queued_.store(queue_.size(), std::memory_order_relaxed);
  }
  wake_.notify_one();
}

void ThreadPool::shutdown(bool wait, bool cancel_pending) {
  if (stopped_) return;
  std::deque<taps_task*> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (cancel_pending || !wait) {
      cancelling_.store(true, std::memory_order_relaxed);
      dropped.swap(queue_);
      queued_.store(0, std::memory_order_relaxed);
    }
  }
  wake_.notify_all();
  for (taps_task* task : dropped) cancel(task);
  for (auto& worker : workers_) worker.join();
  // A thread that is not a worker may have submitted after the last worker
  // saw an empty queue; finish those here, and whatever they submit in turn.
  for (;;) {
    std::deque<taps_task*> left;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) {
        stopped_ = true;
        break;
      }
      left.swap(queue_);
      queued_.store(0, std::memory_order_relaxed);
    }
    for (taps_task* task : left) {
      if (cancelling_.load(std::memory_order_relaxed)) {
        cancel(task);
      } else {
        executor_host_.execute(task);
      }
    }
  }
  host_.debug("shut down");
}

void ThreadPool::work() {
  std::vector<taps_task*> batch;
  batch.reserve(max_batch);
  for (;;) {
    if (take_batch(batch)) {
      for (taps_task* task : batch) {
        if (cancelling_.load(std::memory_order_relaxed)) {
          cancel(task);
        } else {
          executor_host_.execute(task);
        }
      }
      batch.clear();
      continue;
    }
    if (spin_until_work()) continue;
    const std::uint32_t epoch = wake_.prepare();
    {
      std::lock_guard lock(mutex_);
      if (!queue_.empty() || stopping_) {
        wake_.cancel();
        // Stop only once the queue is drained: running tasks on other
        // workers may still submit children, and those workers run them.
        if (queue_.empty()) return;
        continue;
      }
    }
    wake_.wait(epoch);
  }
}

bool ThreadPool::take_batch(std::vector<taps_task*>& batch) {
  if (queued_.load(std::memory_order_relaxed) == 0) return false;
  std::lock_guard lock(mutex_);
  const std::size_t queued = queue_.size();
  if (queued == 0) return false;
  const std::size_t share = std::clamp<std::size_t>(queued / worker_count_, 1, max_batch);
  batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(share));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(share));
  queued_.store(queue_.size(), std::memory_order_relaxed);
  return true;
}

bool ThreadPool::spin_until_work() const {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0;; ++i) {
    if (queued_.load(std::memory_order_relaxed) != 0) return true;
    if (i < pause_iterations) {
      cpu_relax();
    } else {
      sched_yield();
      if (std::chrono::steady_clock::now() - start > spin_time) return false;
    }
  }
}

void ThreadPool::cancel(taps_task* task) const {
  executor_host_.fail(task, "CancelledError", "the executor shut down before the task started");
}

}  // namespace taps::thread_pool
