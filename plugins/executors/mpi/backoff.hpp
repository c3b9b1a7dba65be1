// backoff.hpp — how a rank waits for MPI messages.
//
// Nothing announces an MPI message on a file descriptor, so waiting means
// polling. An answer often comes within microseconds, so a waiter first
// spins; then it yields the core; then it sleeps in growing steps, so that
// an idle rank does not take a core from the ranks that work (on a 2-core
// machine a client and two workers are already more processes than cores).
#pragma once

#include <sched.h>

#include <algorithm>
#include <chrono>

namespace taps::mpi {

struct BackoffSteps {
  std::chrono::microseconds spin;       // spin this long after the last progress
  std::chrono::microseconds yield;      // then yield until this long after it
  std::chrono::microseconds min_sleep;  // then sleep, doubling from here
  std::chrono::microseconds max_sleep;  // up to here
};

class Backoff {
 public:
  explicit Backoff(BackoffSteps steps) : steps_(steps) {}

  /// Something happened: wait eagerly again.
  void progress() { idle_ = false; }

  /// Nothing happened this round. Returns how long to sleep before the next
  /// one; zero means look again at once (having spun or yielded).
  std::chrono::microseconds idle() {
    const auto now = std::chrono::steady_clock::now();
    if (!idle_) {
      idle_ = true;
      since_ = now;
      sleep_ = std::chrono::microseconds(0);
    }
    const auto waited = now - since_;
    if (waited < steps_.spin) return std::chrono::microseconds(0);
    if (waited < steps_.yield) {
      sched_yield();
      return std::chrono::microseconds(0);
    }
    sleep_ = std::clamp(sleep_ * 2, steps_.min_sleep, steps_.max_sleep);
    return sleep_;
  }

 private:
  BackoffSteps steps_;
  bool idle_ = false;
  std::chrono::steady_clock::time_point since_;
  std::chrono::microseconds sleep_{0};
};

}  // namespace taps::mpi
