#include "serial_executor.hpp"

SerialExecutor::SerialExecutor(taps::Host host, const taps::Config&)
    : tasks_(host), worker_([this] { work(); }) {}

SerialExecutor::~SerialExecutor() { shutdown(true, false); }

// Called from any thread, also from inside a running task (the engine
// dispatches children from the thread that finished their parent), so it
// only queues and never waits. Once shutdown has begun it refuses tasks;
// the host then fails them.
void SerialExecutor::submit(taps_task* task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw taps::Error("ShutdownError", "the executor is shutting down");
    queue_.push_back(task);
  }
  ready_.notify_one();
}

// Main thread only; also called by the destructor, hence the early return.
void SerialExecutor::shutdown(bool wait, bool cancel_pending) {
  if (!worker_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cancelling_ = cancel_pending || !wait;
  }
  ready_.notify_one();
  worker_.join();  // after this, no more host calls
}

void SerialExecutor::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and nothing left
    taps_task* task = queue_.front();
    queue_.pop_front();
    const bool cancel = cancelling_;
    lock.unlock();  // never hold the lock while a task runs: it may submit
    // Every task is finished exactly once: run, or failed without running.
    if (cancel) {
      tasks_.fail(task, "CancelledError", "the executor shut down first");
    } else {
      tasks_.execute(task);
    }
    lock.lock();
  }
}
