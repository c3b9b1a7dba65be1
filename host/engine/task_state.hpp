// task_state.hpp — one submitted task: its arguments, dependencies, outcome
// and timestamps. The same object is the app's taps_future and the
// executor's taps_task.
#pragma once

#include "engine/task_id.hpp"

#include <taps/buffer.hpp>
#include <taps/taps.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace taps::host {

class EngineImpl;
class CompletionSetImpl;
struct TaskState;

/// Tells the engine's transformer that nothing will resolve `identifier`
/// again (defined in engine.cpp, which knows the transformer). Never throws;
/// a no-op once the engine has shut its transformer down.
void forget_identifier(EngineImpl& engine, const Buffer& identifier) noexcept;

/// A task function known to the engine: (app plugin, function).
struct FunctionRef {
  std::string plugin;
  const taps_function_desc* desc;
};

/// One argument: a value (maybe replaced by a transformer identifier the
/// client made at submit) or the result of a parent task.
struct ArgSlot {
  Buffer value;
  bool is_identifier = false;
  TaskState* parent = nullptr;  // retained while the task lives
};

/// Timestamps taken where the task runs (reference names, Unix seconds).
struct ExecutionInfo {
  std::string hostname;
  double execution_start_time = 0;
  double execution_end_time = 0;
  double task_start_time = 0;
  double task_end_time = 0;
  double input_transform_start_time = 0;
  double input_transform_end_time = 0;
  double result_transform_start_time = 0;
  double result_transform_end_time = 0;
};

/// How a task ended, as produced by running it (here or in a worker).
struct Outcome {
  bool success = false;
  Buffer result;                 // on success
  bool result_is_identifier = false;
  std::string error_type;        // on failure
  std::string error_message;
  std::string error_traceback;
  bool has_execution = false;
  ExecutionInfo execution;
};

// waiting -> dispatched -> finishing -> finished, or waiting -> finishing
// (cancelled, or a parent failed). Each step is a compare-exchange, so
// exactly one of dispatch, cancel and dependency failure wins, and an
// executor finishing a task twice is caught.
enum class TaskPhase : std::uint8_t { waiting, dispatched, finishing, finished };

struct TaskState {
  TaskState(EngineImpl* engine, const FunctionRef* function) : engine(engine), function(function), id(make_task_id()) {}

  // The last reference is gone: the app released the future and every
  // dependant has finished, so nothing will resolve the result's identifier
  // again (children received it as an identifier and needed it until then).
  ~TaskState() {
    drop_inputs();
    if (outcome.result_is_identifier) forget_identifier(*engine, outcome.result);
  }
  TaskState(const TaskState&) = delete;
  TaskState& operator=(const TaskState&) = delete;

  /// Releases the argument values and the parents' references, and tells
  /// the transformer that the identifiers the client made for this task's
  /// arguments are done with: the task ran (or never will), so no worker
  /// resolves them again.
  void drop_inputs() {
    for (ArgSlot& arg : args) {
      if (arg.is_identifier) forget_identifier(*engine, arg.value);
      if (arg.parent != nullptr) std::exchange(arg.parent, nullptr)->release();
    }
    args.clear();
  }

  void retain() { refs.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  taps_future* as_future() { return reinterpret_cast<taps_future*>(this); }
  taps_task* as_task() { return reinterpret_cast<taps_task*>(this); }
  static TaskState* from(taps_future* f) { return reinterpret_cast<TaskState*>(f); }
  static const TaskState* from(const taps_future* f) { return reinterpret_cast<const TaskState*>(f); }
  static TaskState* from(taps_task* t) { return reinterpret_cast<TaskState*>(t); }
  static const TaskState* from(const taps_task* t) { return reinterpret_cast<const TaskState*>(t); }

  bool finished() const { return phase.load(std::memory_order_acquire) == TaskPhase::finished; }

  /// Moves `from` -> `to` if the task is in `from`.
  bool advance(TaskPhase from, TaskPhase to) {
    return phase.compare_exchange_strong(from, to, std::memory_order_acq_rel);
  }

  std::atomic<std::int32_t> refs{1};
  EngineImpl* const engine;
  const FunctionRef* const function;
  const TaskId id;
  std::vector<ArgSlot> args;
  double submit_time = 0;
  double received_time = 0;

  // Parents not yet finished, plus one held by submit() until every
  // argument is registered, so a parent finishing early cannot dispatch a
  // half-built task.
  std::atomic<std::uint32_t> pending_parents{1};
  // The first failed parent's error; written once under `mutex`.
  std::string dependency_error;

  std::atomic<TaskPhase> phase{TaskPhase::waiting};
  Outcome outcome;  // written once before phase becomes finished

  // Guards children, watchers and the finished transition.
  std::mutex mutex;
  std::vector<TaskState*> children;  // retained
  struct Watcher {
    CompletionSetImpl* set;
    std::uint64_t tag;
  };
  std::vector<Watcher> watchers;

  // Membership of the engine's InFlight set (dispatched, not yet finished),
  // guarded by the set's shard mutex.
  bool in_flight = false;
  TaskState* in_flight_prev = nullptr;
  TaskState* in_flight_next = nullptr;

  // The client-side resolution of a transformed result, made once.
  std::once_flag resolve_once;
  Buffer resolved_result;
  std::string resolve_error;
};

}  // namespace taps::host
