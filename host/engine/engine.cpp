#include "engine/engine.hpp"

#include "engine/completion_set.hpp"
#include "engine/data_transform.hpp"
#include "engine/function_call.hpp"
#include "engine/in_flight.hpp"
#include "engine/task_state.hpp"
#include "engine/wire_format.hpp"

#include <taps/error.hpp>
#include <taps/plugin.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace taps::host {

namespace {

constexpr auto flush_interval = std::chrono::milliseconds(100);

Outcome failure(std::string type, std::string message) {
  Outcome o;
  o.error_type = std::move(type);
  o.error_message = std::move(message);
  return o;
}

}  // namespace

class EngineImpl {
 public:
  EngineImpl(HostServices& services, FunctionResolver resolver)
      : services_(services), resolver_(std::move(resolver)) {}

  ~EngineImpl() { shutdown(true); }

  void start(EngineParts parts) {
    parts_ = std::move(parts);
    executor_ = parts_.executor.methods<taps_executor_methods>();
    data_ = DataTransform(
        parts_.transformer ? parts_.transformer.methods<taps_transformer_methods>() : nullptr,
        parts_.transformer ? parts_.transformer.self() : nullptr,
        parts_.filter ? parts_.filter.methods<taps_filter_methods>() : nullptr,
        parts_.filter ? parts_.filter.self() : nullptr);
    for (auto& logger : parts_.loggers) loggers_.push_back({logger.methods<taps_logger_methods>(), logger.self(), logger.name()});
    flusher_ = std::thread([this] { flush_periodically(); });
    started_ = true;
  }

  // ---- functions ---------------------------------------------------------

  const FunctionRef* find_function(const std::string& plugin, const std::string& function) {
    std::lock_guard lock(functions_mutex_);
    auto key = plugin + '\0' + function;
    auto it = functions_.find(key);
    if (it != functions_.end()) return it->second.get();
    const taps_function_desc* desc = resolver_ ? resolver_(plugin, function) : nullptr;
    if (desc == nullptr) {
      throw Error("LookupError", "no task function '" + function + "' in app plugin '" + plugin + "'", TAPS_NOT_FOUND);
    }
    auto ref = std::make_unique<FunctionRef>(FunctionRef{plugin, desc});
    const FunctionRef* out = ref.get();
    functions_.emplace(std::move(key), std::move(ref));
    return out;
  }

  // ---- submit and dependencies -------------------------------------------

  /// Returns the task with one reference for the caller; the engine holds
  /// another until the task finishes.
  TaskState* submit(const FunctionRef* function, taps_arg* args, uint32_t count) {
    // Take every value first, so that all of them are released on any error.
    std::vector<Buffer> values(count);
    for (uint32_t i = 0; i < count; ++i) {
      if (args[i].kind == TAPS_ARG_VALUE) values[i] = Buffer(args[i].value);
    }
    if (!started_ || stopping_.load(std::memory_order_acquire)) {
      throw Error("EngineError", "the engine is shut down; no task can be submitted", TAPS_ERROR);
    }
    for (uint32_t i = 0; i < count; ++i) {
      if (args[i].kind == TAPS_ARG_FUTURE && args[i].future == nullptr) {
        throw Error("EngineError", "argument " + std::to_string(i) + " is a null future", TAPS_INVALID_ARGUMENT);
      }
      if (args[i].kind != TAPS_ARG_FUTURE && args[i].kind != TAPS_ARG_VALUE) {
        throw Error("EngineError", "argument " + std::to_string(i) + " has an unknown kind", TAPS_INVALID_ARGUMENT);
      }
    }

    auto* task = new TaskState(this, function);
    task->args.resize(count);
    try {
      for (uint32_t i = 0; i < count; ++i) {
        if (args[i].kind != TAPS_ARG_VALUE) continue;
        ArgSlot& slot = task->args[i];
        slot.value = std::move(values[i]);
        if (data_.selects(slot.value.type(), slot.value.size())) {
          slot.value = data_.transform(slot.value.view());
          slot.is_identifier = true;
        }
      }
    } catch (...) {
      task->release();
      throw;
    }
    task->submit_time = HostServices::now();
    task->retain();  // the caller's reference
    submitted_.fetch_add(1, std::memory_order_relaxed);

    for (uint32_t i = 0; i < count; ++i) {
      if (args[i].kind != TAPS_ARG_FUTURE) continue;
      TaskState* parent = TaskState::from(args[i].future);
      parent->retain();
      task->args[i].parent = parent;
      std::lock_guard lock(parent->mutex);
      if (!parent->finished()) {
        task->retain();  // held by the parent's children list
        task->pending_parents.fetch_add(1, std::memory_order_relaxed);
        parent->children.push_back(task);
      } else if (!parent->outcome.success) {
        note_failed_parent(*task, *parent);
      }
    }
    // Drop submit's own hold; if no parent is pending, the task is ready.
    if (task->pending_parents.fetch_sub(1, std::memory_order_acq_rel) == 1) ready(task);
    return task;
  }

  void note_failed_parent(TaskState& child, const TaskState& parent) {
    std::lock_guard lock(child.mutex);
    if (child.dependency_error.empty()) {
      child.dependency_error = "parent task " + std::string(parent.id.data()) + " (" + parent.function->desc->name +
                               ") failed: " + parent.outcome.error_type + ": " + parent.outcome.error_message;
    }
  }

  /// Every parent finished: dispatch, or fail without running.
  void ready(TaskState* task) {
    std::string dependency_error;
    {
      std::lock_guard lock(task->mutex);
      dependency_error = task->dependency_error;
    }
    if (!dependency_error.empty()) {
      if (task->advance(TaskPhase::waiting, TaskPhase::finishing)) {
        complete(task, failure("DependencyError", dependency_error));
      }
      return;
    }
    dispatch(task);
  }

  void dispatch(TaskState* task) {
    if (!task->advance(TaskPhase::waiting, TaskPhase::dispatched)) return;  // cancelled meanwhile
    // Before the executor has it: it may finish the task on another thread
    // before submit() returns.
    in_flight_.add(task);
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = executor_->submit(parts_.executor.self(), task->as_task(), &sink);
    if (status != TAPS_OK && task->advance(TaskPhase::dispatched, TaskPhase::finishing)) {
      complete(task, failure(error.type.empty() ? "ExecutorError" : error.type,
                             "executor '" + std::string(parts_.executor.name()) + "' refused the task: " +
                                 (error.set ? error.message : "status " + std::to_string(status))));
    }
  }

  // ---- finishing ---------------------------------------------------------

  /// The executor's finish: exactly once per dispatched task.
  void finish(TaskState* task, Outcome&& outcome) {
    if (!task->advance(TaskPhase::dispatched, TaskPhase::finishing)) {
      services_.logger()->error("(taps.engine) > executor '{}' finished task {} twice, or a task it was never given; "
                                "ignored",
                                parts_.executor.name(), task->id.data());
      // Nobody will ever see this result: its stored object is garbage now.
      if (outcome.success && outcome.result_is_identifier) forget_identifier(outcome.result);
      return;
    }
    complete(task, std::move(outcome));
  }

  /// Records the outcome, wakes waiters, releases or fails children, and
  /// drops the engine's reference. The caller has moved the task to
  /// `finishing`.
  void complete(TaskState* task, Outcome&& outcome) {
    in_flight_.remove(task);
    task->outcome = std::move(outcome);
    task->received_time = HostServices::now();
    (task->outcome.success ? succeeded_ : failed_).fetch_add(1, std::memory_order_relaxed);
    // The record goes out before the task is published as finished, so an
    // app that sees a result can rely on its record being in the logger.
    write_record(*task);
    // A finished task needs neither its inputs nor its parents (whose ids
    // are in the record now): dropping them here bounds memory to the
    // results the app still holds, and keeps releases shallow on long chains.
    // The same holds for the transformer's store: the objects behind the
    // argument identifiers go now, not at shutdown.
    task->drop_inputs();
    std::vector<TaskState*> children;
    std::vector<TaskState::Watcher> watchers;
    {
      std::lock_guard lock(task->mutex);
      task->phase.store(TaskPhase::finished, std::memory_order_release);
      children.swap(task->children);
      watchers.swap(task->watchers);
    }
    for (const auto& w : watchers) {
      w.set->push(w.tag, task);
      w.set->release();
    }
    for (TaskState* child : children) {
      if (!task->outcome.success) note_failed_parent(*child, *task);
      if (child->pending_parents.fetch_sub(1, std::memory_order_acq_rel) == 1) ready(child);
      child->release();
    }
    task->release();
  }

  void execute(TaskState* task) {
    std::vector<ArgView> views;
    views.reserve(task->args.size());
    for (const ArgSlot& arg : task->args) {
      if (arg.parent != nullptr) {
        views.push_back({arg.parent->outcome.result.view(), arg.parent->outcome.result_is_identifier});
      } else {
        views.push_back({arg.value.view(), arg.is_identifier});
      }
    }
    finish(task, call_function(services_.host(), task->id.data(), *task->function->desc, views, data_));
  }

  void complete_encoded(TaskState* task, const uint8_t* message, uint64_t size) {
    try {
      std::string task_id;
      Outcome outcome = wire::decode_result(message, static_cast<std::size_t>(size), &task_id);
      if (task_id != task->id.data()) {
        throw Error("WireError", "encoded result is for task " + task_id + ", not " + task->id.data());
      }
      finish(task, std::move(outcome));
    } catch (const Error& e) {
      finish(task, failure(e.type(), e.what()));
    }
  }

  /// As above with the message handed over: the result stays in it (no
  /// copy), and it is released exactly once, also when malformed.
  void complete_encoded(TaskState* task, Buffer message) {
    try {
      std::string task_id;
      Outcome outcome = wire::decode_result(std::move(message), &task_id);
      if (task_id != task->id.data()) {
        throw Error("WireError", "encoded result is for task " + task_id + ", not " + task->id.data());
      }
      finish(task, std::move(outcome));
    } catch (const Error& e) {
      finish(task, failure(e.type(), e.what()));
    }
  }

  // ---- cancel and results ------------------------------------------------

  bool cancel(TaskState* task) {
    if (!task->advance(TaskPhase::waiting, TaskPhase::finishing)) return false;
    complete(task, failure("CancelledError", "task was cancelled before it started"));
    return true;
  }

  taps_status result(TaskState* task, double timeout, taps_payload_view* out, const taps_error_sink* err) {
    if (!task->finished()) {
      CompletionSetImpl* set = CompletionSetImpl::create();
      set->add(task, 0);
      std::uint64_t tag = 0;
      taps_status waited = set->next(timeout, &tag);
      set->close();
      if (waited == TAPS_TIMEOUT) {
        detail::report(err, "TimeoutError", "task did not finish within the timeout");
        return TAPS_TIMEOUT;
      }
    }
    const Outcome& o = task->outcome;
    if (!o.success) {
      detail::report(err, o.error_type.c_str(), o.error_message.c_str(),
                     o.error_traceback.empty() ? nullptr : o.error_traceback.c_str());
      return o.error_type == "CancelledError" ? TAPS_CANCELLED : TAPS_TASK_FAILED;
    }
    if (!o.result_is_identifier) {
      *out = o.result.view();
      return TAPS_OK;
    }
    std::call_once(task->resolve_once, [&] {
      try {
        task->resolved_result = data_.resolve(o.result.view());
      } catch (const Error& e) {
        task->resolve_error = e.what();
      }
    });
    if (!task->resolve_error.empty()) {
      detail::report(err, "ResolveError", task->resolve_error.c_str());
      return TAPS_ERROR;
    }
    *out = task->resolved_result.view();
    return TAPS_OK;
  }

  /// Nothing will resolve `identifier` again. After shutdown the
  /// transformer is gone (and removed everything the run stored): no-op.
  void forget_identifier(const Buffer& identifier) noexcept { data_.drop(identifier.view()); }

  /// Closes the data path and destroys the transformer, which removes
  /// every object the run stored. Safe from any thread while tasks run:
  /// those that still reach the transformer fail. Idempotent.
  void release_transformer() noexcept {
    std::lock_guard lock(transformer_mutex_);
    data_.close();
    parts_.transformer.reset();
  }

  // ---- records -----------------------------------------------------------

  void write_record(const TaskState& task) {
    if (loggers_.empty()) return;
    std::vector<const char*> parents;
    parents.reserve(task.args.size());
    for (const ArgSlot& arg : task.args) {
      if (arg.parent != nullptr) parents.push_back(arg.parent->id.data());
    }
    const Outcome& o = task.outcome;
    const ExecutionInfo& e = o.execution;
    taps_task_record record{sizeof(taps_task_record),
                            task.id.data(),
                            task.function->desc->name,
                            static_cast<uint32_t>(parents.size()),
                            parents.data(),
                            task.submit_time,
                            task.received_time,
                            o.success ? 1u : 0u,
                            o.success ? nullptr : o.error_type.c_str(),
                            o.success ? nullptr : o.error_message.c_str(),
                            o.success ? nullptr : o.error_traceback.c_str(),
                            o.has_execution ? 1u : 0u,
                            e.hostname.c_str(),
                            e.execution_start_time,
                            e.execution_end_time,
                            e.task_start_time,
                            e.task_end_time,
                            e.input_transform_start_time,
                            e.input_transform_end_time,
                            e.result_transform_start_time,
                            e.result_transform_end_time};
    for (const auto& logger : loggers_) {
      detail::ErrorCapture error;
      auto sink = error.sink();
      if (logger.methods->write(logger.self, &record, &sink) != TAPS_OK) {
        report_logger_failure(logger.name, error.message);
      }
    }
    records_written_.fetch_add(1, std::memory_order_release);
  }

  void report_logger_failure(const char* logger, const std::string& message) {
    // Once per run: a full disk would otherwise log a line per task.
    if (!logger_failed_.exchange(true)) {
      const std::string failure = fmt::format("record logger '{}' failed: {}", logger, message);
      {
        std::lock_guard lock(record_failure_mutex_);
        record_failure_ = failure;
      }
      services_.logger()->error("(taps.engine) > {}", failure);
    }
  }

  void flush_records() noexcept {
    std::lock_guard lock(flush_mutex_);
    for (const auto& logger : loggers_) {
      detail::ErrorCapture error;
      auto sink = error.sink();
      if (logger.methods->flush(logger.self, &sink) != TAPS_OK) report_logger_failure(logger.name, error.message);
    }
  }

  void flush_periodically() {
    std::uint64_t flushed = 0;
    std::unique_lock lock(stop_mutex_);
    while (!stop_flusher_) {
      stop_cv_.wait_for(lock, flush_interval, [this] { return stop_flusher_; });
      std::uint64_t written = records_written_.load(std::memory_order_acquire);
      if (written != flushed) {
        flush_records();
        flushed = written;
      }
      watch_for_stall();
    }
  }

  void warn_on_stall(double seconds) { stall_after_ = seconds; }

  /// On the flusher's thread, every flush_interval: when tasks are in
  /// flight and none has finished for stall_after_ seconds, a WARNING names
  /// the oldest of them; again every stall_after_ while it lasts.
  void watch_for_stall() {
    if (stall_after_ <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t finished = succeeded_.load(std::memory_order_relaxed) + failed_.load(std::memory_order_relaxed);
    if (finished != stall_.finished) {
      stall_ = {finished, now, now};
      return;
    }
    const auto quiet_since = std::max(stall_.last_finish, stall_.last_warning);
    if (std::chrono::duration<double>(now - quiet_since).count() < stall_after_) return;
    constexpr std::size_t listed = 10;
    std::vector<InFlight::Entry> oldest;
    const std::size_t count = in_flight_.snapshot(listed, &oldest);
    if (count == 0) return;  // idle: the app is not waiting for any task
    stall_.last_warning = now;
    const double wall = HostServices::now();
    std::string tasks;
    for (const auto& entry : oldest) {
      tasks += fmt::format("{}{} {} (submitted {:.1f} s ago)", tasks.empty() ? "" : ", ", entry.function, entry.id,
                           wall - entry.submit_time);
    }
    if (count > oldest.size()) tasks += fmt::format(", and {} more", count - oldest.size());
    services_.logger()->warn("(taps.engine) > stalled: no task has finished for {:.1f} s; {} in flight with executor "
                             "'{}': {}",
                             std::chrono::duration<double>(now - stall_.last_finish).count(), count,
                             parts_.executor.name(), tasks);
  }

  // ---- lifecycle ---------------------------------------------------------

  void shutdown(bool cancel_pending) {
    if (!started_ || stopping_.exchange(true)) return;
    detail::ErrorCapture error;
    auto sink = error.sink();
    if (executor_->shutdown(parts_.executor.self(), 1, cancel_pending ? 1 : 0, &sink) != TAPS_OK) {
      services_.logger()->error("(taps.engine) > executor '{}' failed to shut down: {}", parts_.executor.name(),
                                error.message);
    }
    {
      std::lock_guard lock(stop_mutex_);
      stop_flusher_ = true;
    }
    stop_cv_.notify_all();
    if (flusher_.joinable()) flusher_.join();
    flush_records();
    // Executor first (its threads may still call into the engine), loggers
    // last, after the final flush.
    parts_.executor.reset();
    // Futures the app still holds may be released on any thread, later:
    // their drops must not reach a destroyed transformer.
    release_transformer();
    parts_.filter.reset();
    // The signal thread may be flushing right now.
    std::lock_guard lock(flush_mutex_);
    loggers_.clear();
    parts_.loggers.clear();
  }

  EngineStats stats() const {
    std::lock_guard lock(record_failure_mutex_);
    return {submitted_.load(), succeeded_.load(), failed_.load(), record_failure_, expected_.load()};
  }

  void expect_tasks(std::uint64_t total) { expected_.store(total, std::memory_order_relaxed); }

  /// The executor's trait flags; 0 for an executor built before ABI minor 1.
  uint32_t executor_traits() const {
    if (executor_ == nullptr || !TAPS_HAS_FIELD(executor_, taps_executor_methods, traits) ||
        executor_->traits == nullptr) {
      return 0;
    }
    return executor_->traits(parts_.executor.self());
  }

  HostServices& services() { return services_; }

 private:
  struct Logger {
    const taps_logger_methods* methods;
    void* self;
    const char* name;
  };

  HostServices& services_;
  FunctionResolver resolver_;
  EngineParts parts_;
  const taps_executor_methods* executor_ = nullptr;
  DataTransform data_;
  // Serializes release_transformer(): shutdown and the SIGINT hook may race.
  std::mutex transformer_mutex_;
  std::vector<Logger> loggers_;
  InFlight in_flight_;
  double stall_after_ = 0;  // seconds; 0: no stall warning
  struct StallWatch {
    std::uint64_t finished = 0;
    std::chrono::steady_clock::time_point last_finish = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_warning{};
  } stall_;  // the flusher thread's
  bool started_ = false;
  std::atomic<bool> stopping_{false};

  std::mutex functions_mutex_;
  std::map<std::string, std::unique_ptr<FunctionRef>> functions_;

  std::atomic<std::uint64_t> submitted_{0};
  std::atomic<std::uint64_t> succeeded_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> expected_{0};

  std::atomic<std::uint64_t> records_written_{0};
  std::atomic<bool> logger_failed_{false};
  mutable std::mutex record_failure_mutex_;
  std::string record_failure_;
  std::mutex flush_mutex_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stop_flusher_ = false;
  std::thread flusher_;
};

void forget_identifier(EngineImpl& engine, const Buffer& identifier) noexcept {
  engine.forget_identifier(identifier);
}

// ---- the C tables ----------------------------------------------------------

namespace {

EngineImpl* impl(taps_engine* engine) { return reinterpret_cast<EngineImpl*>(engine); }

taps_status find_function(taps_engine* engine, const char* plugin, const char* function,
                          const taps_function** out_function, const taps_error_sink* err) {
  return detail::guard(err, TAPS_ERROR, [&] {
    if (plugin == nullptr || function == nullptr) throw Error("EngineError", "plugin and function names are required", TAPS_INVALID_ARGUMENT);
    *out_function = reinterpret_cast<const taps_function*>(impl(engine)->find_function(plugin, function));
  });
}

taps_status submit(taps_engine* engine, const taps_function* function, taps_arg* args, uint32_t arg_count,
                   taps_future** out_future, const taps_error_sink* err) {
  taps_status status = detail::guard(err, TAPS_ERROR, [&] {
    if (function == nullptr) throw Error("EngineError", "submit() needs a function", TAPS_INVALID_ARGUMENT);
    *out_future = impl(engine)->submit(reinterpret_cast<const FunctionRef*>(function), args, arg_count)->as_future();
  });
  return status;
}

void future_retain(taps_future* future) { TaskState::from(future)->retain(); }
void future_release(taps_future* future) { TaskState::from(future)->release(); }
const char* future_task_id(const taps_future* future) { return TaskState::from(future)->id.data(); }
uint32_t future_done(const taps_future* future) { return TaskState::from(future)->finished() ? 1 : 0; }

taps_status future_result(taps_future* future, double timeout, taps_payload_view* out_result,
                          const taps_error_sink* err) {
  TaskState* task = TaskState::from(future);
  return task->engine->result(task, timeout, out_result, err);
}

taps_status future_cancel(taps_future* future) {
  TaskState* task = TaskState::from(future);
  return task->engine->cancel(task) ? TAPS_OK : TAPS_ERROR;
}

taps_status completion_set_create(taps_engine*, taps_completion_set** out_set, const taps_error_sink* err) {
  return detail::guard(err, TAPS_ERROR,
                       [&] { *out_set = reinterpret_cast<taps_completion_set*>(CompletionSetImpl::create()); });
}

taps_status completion_set_add(taps_completion_set* set, taps_future* future, uint64_t tag) {
  if (set == nullptr || future == nullptr) return TAPS_INVALID_ARGUMENT;
  reinterpret_cast<CompletionSetImpl*>(set)->add(TaskState::from(future), tag);
  return TAPS_OK;
}

taps_status completion_set_next(taps_completion_set* set, double timeout, uint64_t* out_tag) {
  return reinterpret_cast<CompletionSetImpl*>(set)->next(timeout, out_tag);
}

void completion_set_destroy(taps_completion_set* set) {
  if (set != nullptr) reinterpret_cast<CompletionSetImpl*>(set)->close();
}

uint32_t executor_traits(taps_engine* engine) { return impl(engine)->executor_traits(); }
void expect_tasks(taps_engine* engine, uint64_t total) { impl(engine)->expect_tasks(total); }

const taps_engine_api engine_api{sizeof(taps_engine_api), &find_function,       &submit,
                                 &future_retain,          &future_release,      &future_task_id,
                                 &future_done,            &future_result,       &future_cancel,
                                 &completion_set_create,  &completion_set_add,  &completion_set_next,
                                 &completion_set_destroy, &executor_traits,     &expect_tasks};

void executor_execute(const taps_host*, taps_task* task) {
  TaskState* state = TaskState::from(task);
  state->engine->execute(state);
}

taps_status executor_encode(const taps_host*, const taps_task* task, taps_buffer* out_message,
                            const taps_error_sink* err) {
  return detail::guard(err, TAPS_ERROR, [&] {
    *out_message = make_buffer(wire::encode_task(*TaskState::from(task)), "taps.encoded-task");
  });
}

uint64_t executor_encoded_size(const taps_host*, const taps_task* task) {
  return wire::encoded_task_size(*TaskState::from(task));
}

taps_status executor_encode_into(const taps_host*, const taps_task* task, uint8_t* out, uint64_t capacity,
                                 const taps_error_sink* err) {
  return detail::guard(err, TAPS_ERROR, [&] { wire::encode_task_into(*TaskState::from(task), out, capacity); });
}

void executor_complete_encoded(const taps_host*, taps_task* task, const uint8_t* message, uint64_t size) {
  TaskState* state = TaskState::from(task);
  state->engine->complete_encoded(state, message, size);
}

void executor_complete_encoded_buffer(const taps_host*, taps_task* task, taps_buffer message) {
  TaskState* state = TaskState::from(task);
  state->engine->complete_encoded(state, Buffer(message));
}

void executor_fail(const taps_host*, taps_task* task, const char* type, const char* message, const char* traceback) {
  TaskState* state = TaskState::from(task);
  Outcome o = failure(type != nullptr ? type : "ExecutorError", message != nullptr ? message : "");
  o.error_traceback = traceback != nullptr ? traceback : "";
  state->engine->finish(state, std::move(o));
}

const char* executor_task_id(const taps_task* task) { return TaskState::from(task)->id.data(); }
const char* executor_task_name(const taps_task* task) { return TaskState::from(task)->function->desc->name; }

const taps_executor_host executor_host_api{sizeof(taps_executor_host), &executor_execute,   &executor_encode,
                                           &executor_complete_encoded, &executor_fail,      &executor_task_id,
                                           &executor_task_name,        &executor_complete_encoded_buffer,
                                           &executor_encoded_size,     &executor_encode_into};

}  // namespace

// ---- Engine facade ---------------------------------------------------------

Engine::Engine(HostServices& services, FunctionResolver resolver)
    : impl_(std::make_unique<EngineImpl>(services, std::move(resolver))) {
  services.provide(TAPS_INTERFACE_ENGINE, &engine_api, impl_.get());
  services.provide(TAPS_INTERFACE_EXECUTOR_HOST, &executor_host_api, impl_.get());
}

Engine::~Engine() = default;

void Engine::start(EngineParts parts) {
  if (!parts.executor) throw Error("EngineError", "the engine needs an executor");
  impl_->start(std::move(parts));
}

taps_engine* Engine::handle() { return reinterpret_cast<taps_engine*>(impl_.get()); }
const taps_engine_api* Engine::api() { return &engine_api; }
void Engine::shutdown(bool cancel_pending) { impl_->shutdown(cancel_pending); }
void Engine::flush_records() noexcept { impl_->flush_records(); }
void Engine::release_transformer() noexcept { impl_->release_transformer(); }
void Engine::warn_on_stall(double seconds) { impl_->warn_on_stall(seconds); }
EngineStats Engine::stats() const { return impl_->stats(); }

}  // namespace taps::host
