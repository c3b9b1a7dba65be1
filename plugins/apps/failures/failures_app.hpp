// failures_app.hpp — the failures app: runs another app (the base) and
// injects failures into its tasks, then checks that every injected failure
// happened, that the tasks depending on one failed with a DependencyError,
// and that every other task succeeded.
//
//   taps-host run --app failures --app.base synthetic
//     --app.config '{"structure": "reduce", "task_count": 8, "warmup_tasks": 0}'
//     --app.failure-type memory --app.failure-rate 0.25 --app.seed 7
//     --engine.executor process-pool
//
// The base app is created through the host's app loader when this app is,
// so a bad base name or option fails before anything runs. A failure type
// the run's executor cannot survive (worker-killed on thread-pool kills
// taps-host) is refused before any task is submitted.
#pragma once

#include "failure_type.hpp"
#include "injected_tasks.hpp"
#include "injecting_engine.hpp"
#include "task_tracker.hpp"

#include <taps/app_loader.hpp>
#include <taps/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace taps::failures {

class FailuresApp {
 public:
  static constexpr PluginInfo info{"failures", "1.0.0",
                                   "Injects failures into the tasks of another app and checks that each is seen."};
  static constexpr taps_option_desc options[] = {
      option::string("base", "The app to inject failures into.").required(),
      option::table("config", "The base app's options, as a table (a JSON object on the command line).")
          .defaults("{}"),
      option::string("config_file",
                     "A TOML or JSON file of the base app's options (or a taps config file: its [app] table); "
                     "keys in config override it."),
      option::real("failure_rate", "Probability that a task of the base app is chosen for failure.")
          .defaults("1")
          .min(0)
          .max(1),
      option::choice("failure_type", failure_type_choices,
                     "How a chosen task fails; random draws one per task among those the executor survives.")
          .defaults("dependency"),
      option::integer("seed", "Seed of which tasks are chosen and, for random, of how they fail.").defaults("0"),
      option::integer("memory_limit", "Memory a memory failure allocates before it fails.")
          .defaults("536870912")
          .min(1 << 20)
          .unit("bytes"),
      option::real("sleep_limit",
                   "Longest a timeout failure sleeps waiting for the executor to stop it; after that it fails "
                   "with an InjectionError saying the timeout was not enforced.")
          .defaults("300")
          .min(0.001)
          .unit("s"),
  };
  static constexpr TaskDef tasks[] = {
      injected_task<FailureType::dependency>(),    injected_task<FailureType::failure>(),
      injected_task<FailureType::import>(),        injected_task<FailureType::zero_division>(),
      injected_task<FailureType::memory>(),        injected_task<FailureType::ulimit>(),
      injected_task<FailureType::timeout>(),       injected_task<FailureType::worker_killed>(),
      injected_task<FailureType::manager_killed>(), injected_task<FailureType::node_killed>(),
  };

  FailuresApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  /// The run's executor's name from its config.toml, for messages.
  std::string executor_name() const;

  Host host_;
  std::string base_name_;
  double rate_;
  FailureType type_;
  std::uint64_t seed_;
  std::int64_t memory_limit_;
  double sleep_limit_;
  // Declared before the base app, so they outlive it: a base app that keeps
  // futures past run() releases them through the injecting engine's table.
  std::unique_ptr<TaskTracker> tracker_;
  std::unique_ptr<InjectingEngine> injecting_;
  LoadedApp base_;
};

}  // namespace taps::failures
