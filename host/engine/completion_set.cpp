#include "engine/completion_set.hpp"

#include "engine/spin_wait.hpp"

#include <algorithm>
#include <chrono>

namespace taps::host {

void CompletionSetImpl::close() {
  for (TaskState* task : pending_) {
    std::size_t unhooked = 0;
    {
      std::lock_guard lock(task->mutex);
      auto& w = task->watchers;
      auto mine = std::remove_if(w.begin(), w.end(), [this](const TaskState::Watcher& x) { return x.set == this; });
      unhooked = static_cast<std::size_t>(w.end() - mine);
      w.erase(mine, w.end());
    }
    // Our own reference keeps the set alive through these releases.
    for (std::size_t i = 0; i < unhooked; ++i) release();
    task->release();
  }
  pending_.clear();
  release();
}

void CompletionSetImpl::add(TaskState* task, std::uint64_t tag) {
  task->retain();
  pending_.insert(task);
  ++outstanding_;
  {
    std::lock_guard lock(task->mutex);
    if (!task->finished()) {
      retain();  // held by the watcher until the task pushes
      task->watchers.push_back({this, tag});
      return;
    }
  }
  push(tag, task);
}

void CompletionSetImpl::push(std::uint64_t tag, TaskState* task) {
  std::lock_guard lock(mutex_);
  ready_.push_back({tag, task});
  ready_count_.fetch_add(1, std::memory_order_release);
  // Notify under the lock: the waiter cannot return (and the app cannot
  // close the set) between our unlock and the notify.
  if (sleeping_) ready_cv_.notify_one();
}

taps_status CompletionSetImpl::next(double timeout_seconds, std::uint64_t* out_tag) {
  if (outstanding_ == 0) return TAPS_EMPTY;
  auto has_ready = [this] { return ready_count_.load(std::memory_order_acquire) != 0; };
  if (!has_ready() && timeout_seconds != 0) spin_until(has_ready);

  std::unique_lock lock(mutex_);
  if (ready_.empty()) {
    if (timeout_seconds == 0) return TAPS_TIMEOUT;
    sleeping_ = true;
    if (timeout_seconds < 0) {
      ready_cv_.wait(lock, [this] { return !ready_.empty(); });
    } else {
      auto limit = std::chrono::duration<double>(timeout_seconds);
      ready_cv_.wait_for(lock, limit, [this] { return !ready_.empty(); });
    }
    sleeping_ = false;
    if (ready_.empty()) return TAPS_TIMEOUT;
  }
  Ready next = ready_.front();
  ready_.pop_front();
  ready_count_.fetch_sub(1, std::memory_order_relaxed);
  lock.unlock();
  --outstanding_;
  // Returned: the set needs this task no longer (the app holds its future).
  pending_.erase(pending_.find(next.task));
  next.task->release();
  *out_tag = next.tag;
  return TAPS_OK;
}

}  // namespace taps::host
