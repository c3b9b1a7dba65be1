// engine.hpp — what an app sees: submit tasks, get typed futures, wait.
//
//   void MyApp::run(taps::Engine& engine, const std::filesystem::path& run_dir) {
//     auto a = engine.submit(make_tile, 0);               // TaskFuture<Matrix>
//     auto l = engine.submit(potrf, a);                   // depends on a
//     Matrix result = l.result();                         // waits; throws TaskError
//     for (auto& f : taps::as_completed(engine.map(square, inputs))) use(f.result());
//   }
//
// A TaskFuture passed as an argument is a dependency: the engine dispatches
// the child when every parent succeeded and fails it with a DependencyError
// when one failed. This happens in the engine, for every executor.
#ifndef TAPS_ENGINE_HPP
#define TAPS_ENGINE_HPP

#include <taps/buffer.hpp>
#include <taps/codec.hpp>
#include <taps/error.hpp>
#include <taps/task.hpp>
#include <taps/taps.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace taps {

/// The future result of a submitted task. Copies share the task.
template <class T>
class TaskFuture {
 public:
  TaskFuture() = default;
  TaskFuture(taps_future* future, taps_engine* engine, const taps_engine_api* api)
      : future_(future), engine_(engine), api_(api) {}
  TaskFuture(const TaskFuture& other) : future_(other.future_), engine_(other.engine_), api_(other.api_) {
    if (future_ != nullptr) api_->future_retain(future_);
  }
  TaskFuture(TaskFuture&& other) noexcept
      : future_(std::exchange(other.future_, nullptr)), engine_(other.engine_), api_(other.api_) {}
  TaskFuture& operator=(TaskFuture other) noexcept {
    // Swap all three: `other` releases the old future through the old api.
    std::swap(future_, other.future_);
    std::swap(engine_, other.engine_);
    std::swap(api_, other.api_);
    return *this;
  }
  ~TaskFuture() {
    if (future_ != nullptr) api_->future_release(future_);
  }

  /// Waits (up to `timeout` seconds; negative: forever) and decodes the
  /// result. Throws TaskError if the task failed, TimeoutError on timeout.
  T result(double timeout = -1) const {
    taps_payload_view view{};
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = api_->future_result(future_, timeout, &view, &sink);
    if (status != TAPS_OK) error.raise(status, "task " + task_id());
    return decode_payload<T>(view);
  }

  /// Waits, then returns the task's exception, or nothing if it succeeded.
  std::optional<TaskError> exception(double timeout = -1) const {
    taps_payload_view view{};
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = api_->future_result(future_, timeout, &view, &sink);
    if (status == TAPS_OK) return std::nullopt;
    if (status == TAPS_TIMEOUT) throw TimeoutError("task " + task_id() + " did not finish in time");
    return TaskError(error.type, error.message, error.traceback, status);
  }

  bool done() const { return api_->future_done(future_) != 0; }
  bool cancel() const { return api_->future_cancel(future_) == TAPS_OK; }
  std::string task_id() const { return api_->future_task_id(future_); }

  taps_future* handle() const { return future_; }
  taps_engine* engine() const { return engine_; }
  const taps_engine_api* api() const { return api_; }
  bool valid() const { return future_ != nullptr; }

 private:
  taps_future* future_ = nullptr;
  taps_engine* engine_ = nullptr;
  const taps_engine_api* api_ = nullptr;
};

/// Yields futures in the order they finish; the base of wait() and
/// as_completed(), and of bags that keep k tasks in flight.
class CompletionSet {
 public:
  CompletionSet(taps_engine* engine, const taps_engine_api* api) : api_(api) {
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = api_->completion_set_create(engine, &set_, &sink);
    if (status != TAPS_OK) error.raise(status, "creating a completion set");
  }
  CompletionSet(const CompletionSet&) = delete;
  CompletionSet& operator=(const CompletionSet&) = delete;
  ~CompletionSet() { api_->completion_set_destroy(set_); }

  template <class T>
  void add(const TaskFuture<T>& future, std::uint64_t tag) {
    taps_status status = api_->completion_set_add(set_, future.handle(), tag);
    if (status != TAPS_OK) throw Error("EngineError", "could not add a future to a completion set", status);
  }

  /// The tag of the next finished future; nullopt when every added future
  /// was returned. Throws TimeoutError when `timeout` seconds pass first.
  std::optional<std::uint64_t> next(double timeout = -1) {
    std::uint64_t tag = 0;
    taps_status status = api_->completion_set_next(set_, timeout, &tag);
    if (status == TAPS_EMPTY) return std::nullopt;
    if (status == TAPS_TIMEOUT) throw TimeoutError("no task finished within the timeout");
    if (status != TAPS_OK) throw Error("EngineError", "waiting on a completion set failed", status);
    return tag;
  }

 private:
  const taps_engine_api* api_;
  taps_completion_set* set_ = nullptr;
};

enum class WaitMode { all_completed, first_completed };

/// Indices into the waited-on vector.
struct WaitResult {
  std::vector<std::size_t> done;
  std::vector<std::size_t> not_done;
};

/// Waits for all (or the first) of `futures`. Throws TimeoutError if the
/// condition is not met within `timeout` seconds (negative: forever).
template <class T>
WaitResult wait(const std::vector<TaskFuture<T>>& futures, WaitMode mode = WaitMode::all_completed,
                double timeout = -1) {
  WaitResult result;
  if (futures.empty()) return result;
  CompletionSet set(futures.front().engine(), futures.front().api());
  for (std::size_t i = 0; i < futures.size(); ++i) set.add(futures[i], i);
  std::vector<bool> finished(futures.size(), false);
  const std::size_t wanted = mode == WaitMode::all_completed ? futures.size() : 1;
  for (std::size_t n = 0; n < wanted; ++n) {
    auto tag = set.next(timeout);
    if (!tag) break;
    finished[*tag] = true;
  }
  for (std::size_t i = 0; i < futures.size(); ++i) {
    (finished[i] || futures[i].done() ? result.done : result.not_done).push_back(i);
  }
  return result;
}

/// Iterates over futures in the order they finish.
template <class T>
class AsCompleted {
 public:
  AsCompleted(std::vector<TaskFuture<T>> futures, double timeout)
      : futures_(std::move(futures)), timeout_(timeout) {
    if (!futures_.empty()) {
      set_.emplace(futures_.front().engine(), futures_.front().api());
      for (std::size_t i = 0; i < futures_.size(); ++i) set_->add(futures_[i], i);
    }
  }

  class iterator {
   public:
    iterator(AsCompleted* owner, std::optional<std::uint64_t> tag) : owner_(owner), tag_(tag) {}
    TaskFuture<T>& operator*() const { return owner_->futures_[*tag_]; }
    iterator& operator++() {
      tag_ = owner_->set_->next(owner_->timeout_);
      return *this;
    }
    bool operator!=(const iterator& other) const { return tag_ != other.tag_; }

   private:
    AsCompleted* owner_;
    std::optional<std::uint64_t> tag_;
  };

  iterator begin() { return iterator(this, set_ ? set_->next(timeout_) : std::nullopt); }
  iterator end() { return iterator(this, std::nullopt); }

 private:
  std::vector<TaskFuture<T>> futures_;
  double timeout_;
  std::optional<CompletionSet> set_;
};

template <class T>
AsCompleted<T> as_completed(std::vector<TaskFuture<T>> futures, double timeout = -1) {
  return AsCompleted<T>(std::move(futures), timeout);
}

namespace detail {

template <class T>
struct IsFuture : std::false_type {};
template <class T>
struct IsFuture<TaskFuture<T>> : std::true_type {
  using result = T;
};

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {
  using element = T;
};

template <class T>
using ResultOf = std::conditional_t<std::is_void_v<T>, None, std::decay_t<T>>;

/// Turns one submit() argument into taps_args for a parameter of type P.
template <class P, class A>
void append_arg(std::vector<taps_arg>& out, A&& arg) {
  using D = std::decay_t<A>;
  if constexpr (IsFuture<D>::value) {
    static_assert(same_wire_type<typename IsFuture<D>::result, P>,
                  "a TaskFuture<X> is passed where the task expects a parameter of another wire type");
    out.push_back(taps_arg{sizeof(taps_arg), TAPS_ARG_FUTURE, {}, arg.handle()});
  } else if constexpr (std::is_same_v<P, BytesView> && std::is_same_v<D, Bytes>) {
    // Bytes for a BytesView parameter: the same "bytes" payload, so the
    // vector itself is handed over; moved, when it is an rvalue, not copied.
    out.push_back(taps_arg{sizeof(taps_arg), TAPS_ARG_VALUE, encode_payload(std::forward<A>(arg)), nullptr});
  } else {
    static_assert(std::is_constructible_v<P, A&&>, "argument cannot be converted to the task's parameter type");
    out.push_back(taps_arg{sizeof(taps_arg), TAPS_ARG_VALUE, encode_payload(P(std::forward<A>(arg))), nullptr});
  }
}

/// One trailing argument of a variadic task: a value, a future, or a vector
/// of either (spread into one argument each).
template <class E, class A>
void append_rest(std::vector<taps_arg>& out, A&& arg) {
  using D = std::decay_t<A>;
  if constexpr (IsVector<D>::value && !std::is_constructible_v<E, A&&>) {
    for (auto& item : arg) append_arg<E>(out, item);
  } else {
    append_arg<E>(out, std::forward<A>(arg));
  }
}

template <class Params, std::size_t I, class... A>
void bind_args(std::vector<taps_arg>& out, A&&... args);

template <class Params, std::size_t I>
void bind_args(std::vector<taps_arg>&) {
  static_assert(I == std::tuple_size_v<Params>, "too few arguments for this task");
}

template <class Params, std::size_t I, class A0, class... A>
void bind_args(std::vector<taps_arg>& out, A0&& a0, A&&... rest) {
  static_assert(I < std::tuple_size_v<Params>, "too many arguments for this task");
  using P = std::tuple_element_t<I, Params>;
  if constexpr (IsRest<P>::value) {
    append_rest<typename IsRest<P>::element>(out, std::forward<A0>(a0));
    (append_rest<typename IsRest<P>::element>(out, std::forward<A>(rest)), ...);
  } else {
    append_arg<P>(out, std::forward<A0>(a0));
    bind_args<Params, I + 1>(out, std::forward<A>(rest)...);
  }
}

}  // namespace detail

/// The engine of the current run, as an app uses it.
class Engine {
 public:
  /// `plugin` and `tasks` name the app whose task functions submit() finds.
  Engine(taps_engine* engine, const taps_engine_api* api, const char* plugin, const TaskDef* tasks,
         std::size_t task_count)
      : engine_(engine), api_(api), plugin_(plugin), tasks_(tasks), task_count_(task_count),
        functions_(std::make_unique<std::atomic<const taps_function*>[]>(task_count)) {}
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Submits fn(args...). Each argument is a value (encoded now), a
  /// TaskFuture (a dependency), or for a Rest<T> parameter a vector of
  /// either. The function must be in the app's task list.
  template <class R, class... P, class... A>
  TaskFuture<detail::ResultOf<R>> submit(R (*fn)(P...), A&&... args) {
    using Params = typename detail::FunctionTraits<R (*)(P...)>::params;
    std::vector<taps_arg> c_args;
    c_args.reserve(sizeof...(A));
    detail::bind_args<Params, 0>(c_args, std::forward<A>(args)...);
    return TaskFuture<detail::ResultOf<R>>(submit_raw(function_for(reinterpret_cast<const void*>(fn)), c_args),
                                           engine_, api_);
  }

  /// Submits fn(x) for each x of `inputs`, in order.
  template <class R, class P, class Range>
  std::vector<TaskFuture<detail::ResultOf<R>>> map(R (*fn)(P), const Range& inputs) {
    std::vector<TaskFuture<detail::ResultOf<R>>> futures;
    for (const auto& x : inputs) futures.push_back(submit(fn, x));
    return futures;
  }

  /// Submits through the C waist; takes ownership of every value buffer.
  taps_future* submit_raw(const taps_function* function, std::vector<taps_arg>& args) {
    taps_future* future = nullptr;
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status =
        api_->submit(engine_, function, args.data(), static_cast<uint32_t>(args.size()), &future, &sink);
    if (status != TAPS_OK) error.raise(status, "submit");
    return future;
  }

  /// The handle of a task function of this app, by the C++ function's address.
  const taps_function* function_for(const void* address) {
    for (std::size_t i = 0; i < task_count_; ++i) {
      if (tasks_[i].address() == address) return function_at(i);
    }
    throw Error("EngineError", std::string("the function is not registered as a task of app '") + plugin_ +
                                   "'; add it to the app's task list",
                TAPS_NOT_FOUND);
  }

  /// The handle of a task function of any loaded app plugin, by name.
  const taps_function* find_function(const char* plugin, const char* name) const {
    const taps_function* function = nullptr;
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = api_->find_function(engine_, plugin, name, &function, &sink);
    if (status != TAPS_OK) error.raise(status, std::string("finding task function ") + plugin + "." + name);
    return function;
  }

  /// The run executor's TAPS_EXECUTOR_* trait flags (0 from a host older
  /// than ABI minor 1, or an executor that declares none).
  std::uint32_t executor_traits() const {
    if (!TAPS_HAS_FIELD(api_, taps_engine_api, executor_traits) || api_->executor_traits == nullptr) return 0;
    return api_->executor_traits(engine_);
  }

  /// Tells the host how many tasks the run will submit in all, counting
  /// those already submitted, so its progress line can show an ETA. Only a
  /// hint: call again when the estimate changes; 0 means unknown. A host
  /// older than ABI minor 3 ignores it.
  void expect_tasks(std::uint64_t total) const {
    if (!TAPS_HAS_FIELD(api_, taps_engine_api, expect_tasks) || api_->expect_tasks == nullptr) return;
    api_->expect_tasks(engine_, total);
  }

  taps_engine* handle() const { return engine_; }
  const taps_engine_api* api() const { return api_; }

 private:
  // Apps may submit from several threads: the cache is atomic, and a race
  // only makes two threads look up the same (identical) handle.
  const taps_function* function_at(std::size_t i) {
    const taps_function* function = functions_[i].load(std::memory_order_acquire);
    if (function == nullptr) {
      function = find_function(plugin_, tasks_[i].desc.name);
      functions_[i].store(function, std::memory_order_release);
    }
    return function;
  }

  taps_engine* engine_;
  const taps_engine_api* api_;
  const char* plugin_;
  const TaskDef* tasks_;
  std::size_t task_count_;
  std::unique_ptr<std::atomic<const taps_function*>[]> functions_;
};

}  // namespace taps

#endif  // TAPS_ENGINE_HPP
