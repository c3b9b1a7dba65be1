// fake_executor_host.hpp — the executor-host interface with tasks that are
// plain callbacks, counting how each task was finished.
#pragma once

#include "fake_host.hpp"

#include <taps/taps.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace taps::testing {

/// Counts every host call the executor makes, over all tasks.
struct TaskTracker {
  std::atomic<int> executed{0};
  std::atomic<int> failed{0};
  std::atomic<int> host_calls{0};
  std::atomic<int> finished_twice{0};
  std::mutex mutex;
  std::vector<std::string> failure_types;
};

}  // namespace taps::testing

/// The host's task, as this fake host defines it.
struct taps_task {
  taps::testing::TaskTracker* tracker = nullptr;
  std::function<void()> body;
  std::atomic<int> finishes{0};
};

namespace taps::testing {

class FakeExecutorHost {
 public:
  explicit FakeExecutorHost(FakeHost& host) { host.provide(TAPS_INTERFACE_EXECUTOR_HOST, &table_); }

 private:
  static void finish(taps_task* task) {
    if (task->finishes.fetch_add(1) != 0) task->tracker->finished_twice.fetch_add(1);
  }
  static void execute(const taps_host*, taps_task* task) {
    task->tracker->host_calls.fetch_add(1);
    if (task->body) task->body();
    task->tracker->executed.fetch_add(1);
    finish(task);
  }
  static void fail(const taps_host*, taps_task* task, const char* type, const char*, const char*) {
    task->tracker->host_calls.fetch_add(1);
    {
      std::lock_guard lock(task->tracker->mutex);
      task->tracker->failure_types.emplace_back(type);
    }
    task->tracker->failed.fetch_add(1);
    finish(task);
  }
  static const char* task_id(const taps_task*) { return "task"; }

  const taps_executor_host table_{sizeof(taps_executor_host), &execute, nullptr, nullptr, &fail, &task_id, &task_id,
                                  nullptr, nullptr, nullptr};
};

}  // namespace taps::testing
