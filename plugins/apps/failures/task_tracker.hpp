// task_tracker.hpp — every task submitted on the base app's behalf, what
// the failures app did to it, and how it ended, read through its future.
//
// A finished task's future is dropped as soon as its outcome is read, so a
// long run holds only the tasks in flight (and their results), not every
// result so far: futures go into one completion set, which is drained on
// each submission from the app's thread and, at the end, until it is empty.
#pragma once

#include "failure_type.hpp"

#include <taps/taps.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace taps::failures {

/// What the failures app did to a task.
enum class Role {
  untouched,        // the base app's task, submitted as it was
  chosen,           // chosen for failure: replaced by an injected task, or given a failing parent
  injected_parent,  // the failing parent of a `dependency` injection
};

struct TrackedTask {
  std::string task_id;
  Role role = Role::untouched;
  /// For chosen tasks and injected parents.
  FailureType type = FailureType::failure;
  /// The base app's function this task is or stands in for: "synthetic.noop".
  std::string function;
  /// Indices of its tracked parents (all earlier: a parent exists first).
  std::vector<std::size_t> parents;

  bool finished = false;
  bool success = false;
  std::string error_type;
  std::string error_message;
};

class TaskTracker {
 public:
  /// The thread that constructs it is the app's thread: the only one that
  /// touches the completion set.
  TaskTracker(taps_engine* engine, const taps_engine_api* api);
  TaskTracker(const TaskTracker&) = delete;
  TaskTracker& operator=(const TaskTracker&) = delete;
  ~TaskTracker();

  /// Records a submitted task (taking a reference on `future`), its parents
  /// being the futures among its arguments. [any-thread]
  void track(taps_future* future, TrackedTask task, const std::vector<taps_future*>& parents);

  /// Waits until every tracked task finished and its outcome is read. [app thread]
  void wait_all();

  /// Every tracked task in submission order; complete after wait_all().
  const std::vector<TrackedTask>& tasks() const { return tasks_; }

 private:
  void watch_deferred();
  void drain(double timeout);
  void read_outcome(std::size_t index);

  taps_engine* engine_;
  const taps_engine_api* api_;
  std::thread::id owner_;
  taps_completion_set* set_ = nullptr;

  std::mutex mutex_;
  std::vector<TrackedTask> tasks_;
  std::vector<taps_future*> futures_;  // null once the outcome is read
  std::unordered_map<std::string, std::size_t> index_of_;
  std::vector<std::size_t> deferred_;  // tracked on another thread, not yet in the set
};

}  // namespace taps::failures
