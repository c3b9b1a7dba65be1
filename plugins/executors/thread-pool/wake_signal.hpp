// wake_signal.hpp — idle workers sleep in the kernel; submitters pay for a
// wake-up system call only when a worker actually sleeps.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdint>

namespace taps::thread_pool {

/// A futex on an epoch counter plus a count of sleepers.
///
/// A worker that found no work calls prepare(), checks for work once more
/// (under the queue lock), and then either cancel()s or wait()s. A submitter
/// publishes work (under the same lock) and then calls notify_one(). No
/// wake-up is lost: if the worker's re-check missed the new work, the
/// submitter's lock came after it and so sees the registered sleeper; the
/// epoch bump then makes the futex wait return at once if it had not started.
class WakeSignal {
 public:
  /// Registers the caller as a sleeper; returns the epoch to wait on.
  std::uint32_t prepare() {
    std::uint32_t epoch = epoch_.load(std::memory_order_acquire);
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    return epoch;
  }

  /// Unregisters a sleeper that found work after prepare().
  void cancel() { sleepers_.fetch_sub(1, std::memory_order_relaxed); }

  /// Sleeps until notified (or at once if notified since prepare()).
  void wait(std::uint32_t epoch) {
    syscall(SYS_futex, &epoch_, FUTEX_WAIT_PRIVATE, epoch, nullptr, nullptr, 0);
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
  }

  /// Wakes one sleeper, if any. Costs one atomic load when nobody sleeps.
  void notify_one() {
    if (sleepers_.load(std::memory_order_seq_cst) == 0) return;
    epoch_.fetch_add(1, std::memory_order_release);
    syscall(SYS_futex, &epoch_, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }

  void notify_all() {
    epoch_.fetch_add(1, std::memory_order_release);
    syscall(SYS_futex, &epoch_, FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
  }

 private:
  // The futex word must be a 32-bit integer.
  std::atomic<std::uint32_t> epoch_{0};
  std::atomic<std::uint32_t> sleepers_{0};
};

}  // namespace taps::thread_pool
