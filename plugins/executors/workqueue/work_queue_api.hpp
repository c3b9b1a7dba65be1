// work_queue_api.hpp — the cctools Work Queue C API, seen from C++.
//
// cctools' headers lack `extern "C"`, so they are included here and nowhere
// else. The library is linked statically into this plugin and, like every
// symbol but the entry, stays private to it: cctools' generic names (debug,
// list_create, link_serve...) can clash with nothing in the host.
#pragma once

extern "C" {
#include <cctools/work_queue.h>
}

#include <memory>

namespace taps::workqueue {

struct QueueDeleter {
  void operator()(work_queue* queue) const { work_queue_delete(queue); }
};
/// A Work Queue manager: listens for workers, schedules tasks on them. Not
/// thread-safe: one thread owns it.
using Queue = std::unique_ptr<work_queue, QueueDeleter>;

struct TaskDeleter {
  void operator()(work_queue_task* task) const { work_queue_task_delete(task); }
};
/// A Work Queue task while it is ours (before submit, after wait returns it).
using WqTask = std::unique_ptr<work_queue_task, TaskDeleter>;

}  // namespace taps::workqueue
