#include "engine/completion_set.hpp"

#include "engine/spin_wait.hpp"

#include <algorithm>
#include <chrono>

namespace taps::host {

CompletionSetImpl::~CompletionSetImpl() {
  // Tasks still running must not push into a destroyed set.
  for (TaskState* task : members_) {
    {
      std::lock_guard lock(task->mutex);
      auto& w = task->watchers;
      w.erase(std::remove_if(w.begin(), w.end(), [this](const TaskState::Watcher& x) { return x.set == this; }),
              w.end());
    }
    task->release();
  }
}

void CompletionSetImpl::add(TaskState* task, std::uint64_t tag) {
  task->retain();
  members_.push_back(task);
  ++outstanding_;
  {
    std::lock_guard lock(task->mutex);
    if (!task->finished()) {
      task->watchers.push_back({this, tag});
      return;
    }
  }
  push(tag);
}

void CompletionSetImpl::push(std::uint64_t tag) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    ready_.push_back(tag);
    ready_count_.fetch_add(1, std::memory_order_release);
    wake = sleeping_.load(std::memory_order_relaxed);
  }
  if (wake) ready_cv_.notify_one();
}

taps_status CompletionSetImpl::next(double timeout_seconds, std::uint64_t* out_tag) {
  if (outstanding_ == 0) return TAPS_EMPTY;
  auto has_ready = [this] { return ready_count_.load(std::memory_order_acquire) != 0; };
  if (!has_ready() && timeout_seconds != 0) spin_until(has_ready);

  std::unique_lock lock(mutex_);
  if (ready_.empty()) {
    if (timeout_seconds == 0) return TAPS_TIMEOUT;
    sleeping_.store(true, std::memory_order_relaxed);
    if (timeout_seconds < 0) {
      ready_cv_.wait(lock, [this] { return !ready_.empty(); });
    } else {
      auto limit = std::chrono::duration<double>(timeout_seconds);
      ready_cv_.wait_for(lock, limit, [this] { return !ready_.empty(); });
    }
    sleeping_.store(false, std::memory_order_relaxed);
    if (ready_.empty()) return TAPS_TIMEOUT;
  }
  *out_tag = ready_.front();
  ready_.pop_front();
  ready_count_.fetch_sub(1, std::memory_order_relaxed);
  --outstanding_;
  return TAPS_OK;
}

}  // namespace taps::host
