// task_failure.hpp — why a Work Queue task came back without a result, in
// the words a task record needs: an exception type and a message.
#pragma once

#include "work_queue_api.hpp"

#include <string>

namespace taps::workqueue {

struct TaskFailure {
  std::string type;
  std::string message;
};

struct FailureContext {
  std::string task;  // "task ID (name)", for messages
  int max_retries = 0;
};

/// `done` came back from work_queue_wait without a usable result file.
///   - lost with its worker more than max_retries times: WorkerLost;
///   - the task process died (signal, nonzero exit, no result): WorkerCrashed,
///     with the end of its output;
///   - anything else Work Queue reports: WorkQueueError.
TaskFailure explain_failure(const work_queue_task& done, const FailureContext& context);

}  // namespace taps::workqueue
