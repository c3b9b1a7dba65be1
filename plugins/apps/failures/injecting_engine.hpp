// injecting_engine.hpp — the engine the base app runs against: it forwards
// everything to the run's engine, except that each submitted task is chosen
// for failure with probability failure_rate (a seeded generator, one draw
// per submission, so a seed reproduces the choice) and then replaced:
//
//   dependency:  a failing `injected_parent` task is submitted first and the
//                chosen task gets it as an extra argument: the engine fails
//                it with a DependencyError without running it (so the extra
//                argument never reaches the function).
//   other types: the failures plugin's inject_<type> task is submitted
//                instead, with the chosen task's arguments after its own, so
//                it depends on the same parents and the graph keeps its shape.
//
// The base app gets the run engine's own futures back; every task goes to
// the TaskTracker for the verdict.
#pragma once

#include "failure_type.hpp"
#include "task_tracker.hpp"

#include <taps/taps.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace taps::failures {

struct InjectionPlan {
  double rate = 1.0;
  FailureType type = FailureType::dependency;
  /// What `random` draws from: the types the executor survives.
  std::vector<FailureType> candidates;
  std::uint64_t seed = 0;
  std::int64_t memory_limit = 0;
  double sleep_limit = 0;
  std::int64_t client_pid = 0;
};

class InjectingEngine {
 public:
  /// `plugin` is the failures app's own plugin name, whose inject_* task
  /// functions replace chosen tasks.
  InjectingEngine(taps_engine* engine, const taps_engine_api* api, const char* plugin, InjectionPlan plan,
                  TaskTracker& tracker);
  InjectingEngine(const InjectingEngine&) = delete;
  InjectingEngine& operator=(const InjectingEngine&) = delete;

  /// What the base app is given.
  taps_engine* handle() { return reinterpret_cast<taps_engine*>(this); }
  const taps_engine_api* api() const { return &api_; }

 private:
  /// A function the base app looked up: the run engine's handle and its name.
  struct Function {
    const taps_function* real;
    std::string label;  // "synthetic.noop"
  };
  struct Choice {
    bool inject;
    FailureType type;
  };

  static InjectingEngine& self(taps_engine* engine) { return *reinterpret_cast<InjectingEngine*>(engine); }
  static taps_status find_function(taps_engine* engine, const char* plugin, const char* function,
                                   const taps_function** out_function, const taps_error_sink* err);
  static taps_status submit(taps_engine* engine, const taps_function* function, taps_arg* args, uint32_t arg_count,
                            taps_future** out_future, const taps_error_sink* err);
  static taps_status completion_set_create(taps_engine* engine, taps_completion_set** out_set,
                                           const taps_error_sink* err);
  static uint32_t executor_traits(taps_engine* engine);
  static void expect_tasks(taps_engine* engine, uint64_t total);

  taps_status submit_chosen(const taps_function* function, taps_arg* args, uint32_t count, taps_future** out_future,
                            const taps_error_sink* err);
  Choice choose();
  static TrackedTask about(Role role, FailureType type, const Function& function);
  /// Hands a submitted task to the tracker; on failure drops the future.
  taps_status tracked(taps_status submitted, taps_future** future, TrackedTask task,
                      const std::vector<taps_future*>& parents, const taps_error_sink* err);
  const taps_function* injection_task(FailureType type);
  taps_arg injection_arg(FailureType type, const Function& replaced) const;
  taps_status submit_injected(const Function& chosen, FailureType type, taps_arg* args, uint32_t count,
                              taps_future** out_future, const taps_error_sink* err);
  taps_status submit_with_failing_parent(const Function& chosen, taps_arg* args, uint32_t count,
                                         taps_future** out_future, const taps_error_sink* err);

  taps_engine* engine_;
  const taps_engine_api* real_;
  taps_engine_api api_{};
  const char* plugin_;
  InjectionPlan plan_;
  TaskTracker& tracker_;

  std::mutex random_mutex_;
  std::mt19937_64 random_;

  std::mutex functions_mutex_;
  std::deque<Function> functions_;  // address-stable: the base app holds pointers
  std::map<std::string, const Function*> function_by_name_;
  std::array<std::atomic<const taps_function*>, static_cast<std::size_t>(FailureType::random)> injected_{};
};

}  // namespace taps::failures
