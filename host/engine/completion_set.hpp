// completion_set.hpp — futures come back in the order they finish.
//
// The app's thread waits in next(); tasks finish on executor threads and
// push their tag. The waiter spins briefly before sleeping, and a finishing
// task only pays for a wake-up syscall when the waiter is actually asleep.
#pragma once

#include "engine/task_state.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace taps::host {

class CompletionSetImpl {
 public:
  CompletionSetImpl() = default;
  ~CompletionSetImpl();
  CompletionSetImpl(const CompletionSetImpl&) = delete;
  CompletionSetImpl& operator=(const CompletionSetImpl&) = delete;

  /// [main-thread] Watch `task`; a finished task is ready at once.
  void add(TaskState* task, std::uint64_t tag);

  /// [main-thread] TAPS_OK with the next tag, TAPS_TIMEOUT, or TAPS_EMPTY.
  taps_status next(double timeout_seconds, std::uint64_t* out_tag);

  /// [any-thread] Called by a finishing task (outside the task's lock).
  void push(std::uint64_t tag);

 private:
  std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::deque<std::uint64_t> ready_;
  std::atomic<std::uint32_t> ready_count_{0};
  std::atomic<bool> sleeping_{false};
  std::size_t outstanding_ = 0;         // added and not yet returned by next()
  std::vector<TaskState*> members_;     // retained; unhooked on destruction
};

}  // namespace taps::host
