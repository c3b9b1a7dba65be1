#include "injecting_engine.hpp"

#include "injected_tasks.hpp"
#include "injection.hpp"

#include <taps/codec.hpp>
#include <taps/error.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

namespace taps::failures {

namespace {

// Value buffers are handed over with a submit call, also when it fails: a
// call that fails before reaching the run engine must free them itself.
void release_values(taps_arg* args, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) {
    if (args[i].kind == TAPS_ARG_VALUE && args[i].value.release != nullptr) {
      args[i].value.release(args[i].value.owner);
      args[i].value.release = nullptr;
    }
  }
}

std::vector<taps_future*> futures_among(const taps_arg* args, uint32_t count) {
  std::vector<taps_future*> futures;
  for (uint32_t i = 0; i < count; ++i) {
    if (args[i].kind == TAPS_ARG_FUTURE && args[i].future != nullptr) futures.push_back(args[i].future);
  }
  return futures;
}

// A number in [0, 1) from the generator's raw output: the same sequence for
// the same seed wherever taps is built (std's distributions are not).
double unit_draw(std::mt19937_64& random) { return static_cast<double>(random() >> 11) * 0x1.0p-53; }

}  // namespace

InjectingEngine::InjectingEngine(taps_engine* engine, const taps_engine_api* api, const char* plugin,
                                 InjectionPlan plan, TaskTracker& tracker)
    : engine_(engine), real_(api), plugin_(plugin), plan_(std::move(plan)), tracker_(tracker), random_(plan_.seed) {
  // Futures and completion sets are the run engine's own: those calls take
  // no engine and are forwarded as they are. The calls that take the engine
  // go through this object.
  std::memcpy(&api_, real_, std::min<std::size_t>(real_->struct_size, sizeof api_));
  api_.struct_size = sizeof api_;
  api_.find_function = &InjectingEngine::find_function;
  api_.submit = &InjectingEngine::submit;
  api_.completion_set_create = &InjectingEngine::completion_set_create;
  api_.executor_traits = &InjectingEngine::executor_traits;
  api_.expect_tasks = &InjectingEngine::expect_tasks;
}

taps_status InjectingEngine::find_function(taps_engine* engine, const char* plugin, const char* function,
                                           const taps_function** out_function, const taps_error_sink* err) {
  return detail::guard(err, TAPS_ERROR, [&] {
    if (plugin == nullptr || function == nullptr || out_function == nullptr) {
      throw Error("EngineError", "find_function() needs a plugin, a function and out_function", TAPS_INVALID_ARGUMENT);
    }
    InjectingEngine& me = self(engine);
    const std::string label = std::string(plugin) + "." + function;
    std::lock_guard lock(me.functions_mutex_);
    auto it = me.function_by_name_.find(label);
    if (it == me.function_by_name_.end()) {
      const taps_function* real = nullptr;
      detail::ErrorCapture error;
      const auto sink = error.sink();
      const taps_status status = me.real_->find_function(me.engine_, plugin, function, &real, &sink);
      if (status != TAPS_OK) error.raise(status, "finding task function " + label);
      me.functions_.push_back(Function{real, label});
      it = me.function_by_name_.emplace(label, &me.functions_.back()).first;
    }
    *out_function = reinterpret_cast<const taps_function*>(it->second);
  });
}

taps_status InjectingEngine::submit(taps_engine* engine, const taps_function* function, taps_arg* args,
                                    uint32_t arg_count, taps_future** out_future, const taps_error_sink* err) {
  // Nothing may unwind into the base app through the C table; what can
  // throw here is an allocation, past any recovery.
  try {
    return self(engine).submit_chosen(function, args, arg_count, out_future, err);
  } catch (const std::exception& e) {
    detail::report(err, "EngineError", e.what());
    return TAPS_ERROR;
  }
}

taps_status InjectingEngine::submit_chosen(const taps_function* function, taps_arg* args, uint32_t arg_count,
                                           taps_future** out_future, const taps_error_sink* err) {
  if (function == nullptr || out_future == nullptr) {
    release_values(args, arg_count);
    detail::report(err, "EngineError", "submit() needs a function and out_future");
    return TAPS_INVALID_ARGUMENT;
  }
  const Function& chosen = *reinterpret_cast<const Function*>(function);
  const Choice choice = choose();
  if (choice.inject && choice.type == FailureType::dependency) {
    return submit_with_failing_parent(chosen, args, arg_count, out_future, err);
  }
  if (choice.inject) return submit_injected(chosen, choice.type, args, arg_count, out_future, err);

  const auto parents = futures_among(args, arg_count);
  const taps_status status = real_->submit(engine_, chosen.real, args, arg_count, out_future, err);
  return tracked(status, out_future, about(Role::untouched, FailureType::failure, chosen), parents, err);
}

taps_status InjectingEngine::completion_set_create(taps_engine* engine, taps_completion_set** out_set,
                                                   const taps_error_sink* err) {
  InjectingEngine& me = self(engine);
  return me.real_->completion_set_create(me.engine_, out_set, err);
}

uint32_t InjectingEngine::executor_traits(taps_engine* engine) {
  InjectingEngine& me = self(engine);
  if (!TAPS_HAS_FIELD(me.real_, taps_engine_api, executor_traits) || me.real_->executor_traits == nullptr) return 0;
  return me.real_->executor_traits(me.engine_);
}

void InjectingEngine::expect_tasks(taps_engine* engine, uint64_t total) {
  // The base app's estimate; the tasks injected in front of dependency
  // failures are few and left out.
  InjectingEngine& me = self(engine);
  if (!TAPS_HAS_FIELD(me.real_, taps_engine_api, expect_tasks) || me.real_->expect_tasks == nullptr) return;
  me.real_->expect_tasks(me.engine_, total);
}

TrackedTask InjectingEngine::about(Role role, FailureType type, const Function& function) {
  TrackedTask task;
  task.role = role;
  task.type = type;
  task.function = function.label;
  return task;
}

taps_status InjectingEngine::tracked(taps_status submitted, taps_future** future, TrackedTask task,
                                     const std::vector<taps_future*>& parents, const taps_error_sink* err) {
  if (submitted != TAPS_OK) return submitted;
  const taps_status status = detail::guard(err, TAPS_ERROR, [&] { tracker_.track(*future, std::move(task), parents); });
  if (status != TAPS_OK) {
    // Untracked, the task could not be judged: the submission fails.
    real_->future_release(*future);
    *future = nullptr;
  }
  return status;
}

InjectingEngine::Choice InjectingEngine::choose() {
  std::lock_guard lock(random_mutex_);
  // One draw per submission, whatever the rate, so a seed picks the same
  // tasks at every rate for which they are picked at all.
  Choice choice{unit_draw(random_) < plan_.rate, plan_.type};
  if (choice.inject && plan_.type == FailureType::random) {
    const auto index = static_cast<std::size_t>(unit_draw(random_) * static_cast<double>(plan_.candidates.size()));
    choice.type = plan_.candidates[std::min(index, plan_.candidates.size() - 1)];
  }
  return choice;
}

const taps_function* InjectingEngine::injection_task(FailureType type) {
  auto& cached = injected_[static_cast<std::size_t>(type)];
  const taps_function* function = cached.load(std::memory_order_acquire);
  if (function == nullptr) {
    detail::ErrorCapture error;
    const auto sink = error.sink();
    const char* name = injected_function(type);
    const taps_status status = real_->find_function(engine_, plugin_, name, &function, &sink);
    if (status != TAPS_OK) error.raise(status, std::string("finding task function ") + plugin_ + "." + name);
    cached.store(function, std::memory_order_release);
  }
  return function;
}

taps_arg InjectingEngine::injection_arg(FailureType type, const Function& replaced) const {
  Injection injection;
  injection.type = type;
  injection.replaces = replaced.label;
  injection.memory_limit = plan_.memory_limit;
  injection.sleep_limit = plan_.sleep_limit;
  injection.client_pid = plan_.client_pid;
  return taps_arg{sizeof(taps_arg), TAPS_ARG_VALUE, encode_payload(injection), nullptr};
}

taps_status InjectingEngine::submit_injected(const Function& chosen, FailureType type, taps_arg* args, uint32_t count,
                                             taps_future** out_future, const taps_error_sink* err) {
  std::vector<taps_arg> all;
  const taps_function* inject = nullptr;
  const taps_status prepared = detail::guard(err, TAPS_ERROR, [&] {
    inject = injection_task(type);
    all.reserve(count + 1u);
    all.push_back(injection_arg(type, chosen));
    all.insert(all.end(), args, args + count);
  });
  if (prepared != TAPS_OK) {
    release_values(args, count);
    return prepared;
  }
  const auto parents = futures_among(args, count);
  const taps_status status =
      real_->submit(engine_, inject, all.data(), static_cast<uint32_t>(all.size()), out_future, err);
  return tracked(status, out_future, about(Role::chosen, type, chosen), parents, err);
}

taps_status InjectingEngine::submit_with_failing_parent(const Function& chosen, taps_arg* args, uint32_t count,
                                                        taps_future** out_future, const taps_error_sink* err) {
  taps_future* parent = nullptr;
  taps_status status = detail::guard(err, TAPS_ERROR, [&] {
    const taps_function* fail = injection_task(FailureType::dependency);
    taps_arg injection = injection_arg(FailureType::dependency, chosen);
    detail::ErrorCapture error;
    const auto sink = error.sink();
    const taps_status submitted = real_->submit(engine_, fail, &injection, 1, &parent, &sink);
    if (submitted != TAPS_OK) error.raise(submitted, "submitting an injected parent");
  });
  if (status == TAPS_OK) {
    status = tracked(status, &parent, about(Role::injected_parent, FailureType::dependency, chosen), {}, err);
  }
  if (status != TAPS_OK) {
    release_values(args, count);
    return status;
  }

  // The parent is an extra last argument: it fails, so the engine fails the
  // chosen task with a DependencyError and never calls its function.
  std::vector<taps_arg> all(args, args + count);
  all.push_back(taps_arg{sizeof(taps_arg), TAPS_ARG_FUTURE, {}, parent});
  const auto parents = futures_among(all.data(), static_cast<uint32_t>(all.size()));
  status = real_->submit(engine_, chosen.real, all.data(), static_cast<uint32_t>(all.size()), out_future, err);
  status = tracked(status, out_future, about(Role::chosen, FailureType::dependency, chosen), parents, err);
  real_->future_release(parent);
  return status;
}

}  // namespace taps::failures
