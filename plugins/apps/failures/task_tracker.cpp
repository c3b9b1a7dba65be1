#include "task_tracker.hpp"

#include <taps/error.hpp>

namespace taps::failures {

TaskTracker::TaskTracker(taps_engine* engine, const taps_engine_api* api)
    : engine_(engine), api_(api), owner_(std::this_thread::get_id()) {
  detail::ErrorCapture error;
  const auto sink = error.sink();
  const taps_status status = api_->completion_set_create(engine_, &set_, &sink);
  if (status != TAPS_OK) error.raise(status, "creating the failures app's completion set");
}

TaskTracker::~TaskTracker() {
  for (taps_future* future : futures_) {
    if (future != nullptr) api_->future_release(future);
  }
  api_->completion_set_destroy(set_);
}

void TaskTracker::track(taps_future* future, TrackedTask task, const std::vector<taps_future*>& parents) {
  std::lock_guard lock(mutex_);
  task.task_id = api_->future_task_id(future);
  for (taps_future* parent : parents) {
    auto it = index_of_.find(api_->future_task_id(parent));
    if (it != index_of_.end()) task.parents.push_back(it->second);
  }
  const std::size_t index = tasks_.size();
  index_of_.emplace(task.task_id, index);
  tasks_.push_back(std::move(task));
  api_->future_retain(future);
  futures_.push_back(future);
  deferred_.push_back(index);
  // The completion set belongs to the app's thread; tasks submitted on
  // other threads wait in deferred_ for its next visit.
  if (std::this_thread::get_id() != owner_) return;
  watch_deferred();
  drain(0);
}

void TaskTracker::wait_all() {
  std::lock_guard lock(mutex_);
  watch_deferred();
  drain(-1);
}

void TaskTracker::watch_deferred() {
  for (std::size_t index : deferred_) {
    if (api_->completion_set_add(set_, futures_[index], index) != TAPS_OK) {
      throw Error("EngineError", "cannot watch task " + tasks_[index].task_id);
    }
  }
  deferred_.clear();
}

void TaskTracker::drain(double timeout) {
  std::uint64_t tag = 0;
  while (api_->completion_set_next(set_, timeout, &tag) == TAPS_OK) read_outcome(static_cast<std::size_t>(tag));
}

void TaskTracker::read_outcome(std::size_t index) {
  TrackedTask& task = tasks_[index];
  taps_payload_view result{};
  detail::ErrorCapture error;
  const auto sink = error.sink();
  const taps_status status = api_->future_result(futures_[index], 0, &result, &sink);
  task.finished = true;
  task.success = status == TAPS_OK;
  if (!task.success) {
    task.error_type = error.type;
    task.error_message = error.message;
  }
  api_->future_release(futures_[index]);
  futures_[index] = nullptr;
}

}  // namespace taps::failures
