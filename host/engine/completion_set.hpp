// completion_set.hpp — futures come back in the order they finish.
//
// The app's thread waits in next(); tasks finish on executor threads and
// push their tag. The waiter spins briefly before sleeping, and a finishing
// task only pays for a wake-up syscall when the waiter is actually asleep.
//
// Reference-counted: every task that still has to push into the set holds
// a reference, so the app may drop the set (a wait that timed out) while a
// task is finishing concurrently.
#pragma once

#include "engine/task_state.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_set>

namespace taps::host {

class CompletionSetImpl {
 public:
  static CompletionSetImpl* create() { return new CompletionSetImpl(); }
  CompletionSetImpl(const CompletionSetImpl&) = delete;
  CompletionSetImpl& operator=(const CompletionSetImpl&) = delete;

  /// [main-thread] The app is done with the set: stop watching its tasks and
  /// drop the app's reference.
  void close();

  /// [main-thread] Watch `task`; a finished task is ready at once.
  void add(TaskState* task, std::uint64_t tag);

  /// [main-thread] TAPS_OK with the next tag, TAPS_TIMEOUT, or TAPS_EMPTY.
  taps_status next(double timeout_seconds, std::uint64_t* out_tag);

  /// [any-thread] Called by a finishing task (outside the task's lock),
  /// which then drops the reference its watcher held.
  void push(std::uint64_t tag, TaskState* task);

  void retain() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  CompletionSetImpl() = default;
  ~CompletionSetImpl() = default;

  std::atomic<std::int32_t> refs_{1};
  std::mutex mutex_;
  std::condition_variable ready_cv_;
  struct Ready {
    std::uint64_t tag;
    TaskState* task;
  };
  std::deque<Ready> ready_;
  std::atomic<std::uint32_t> ready_count_{0};
  bool sleeping_ = false;               // guarded by mutex_
  std::size_t outstanding_ = 0;         // added and not yet returned by next()
  // Added and not yet returned, each retained: a bag that streams tasks
  // through the set holds only those in flight, not every result so far.
  std::unordered_multiset<TaskState*> pending_;
};

}  // namespace taps::host
