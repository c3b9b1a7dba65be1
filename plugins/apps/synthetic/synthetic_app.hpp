// synthetic_app.hpp — the reference's synthetic workflow app: no-op tasks in
// a bag, diamond, reduce or sequential graph, for measuring an executor's
// task overhead and data movement.
#pragma once

#include "tasks.hpp"
#include "workflows.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace taps::synthetic {

class SyntheticApp {
 public:
  static constexpr PluginInfo info{"synthetic", "1.0.0",
                                   "Synthetic workflows of no-op tasks: bag, diamond, reduce or sequential."};
  static constexpr taps_option_desc options[] = {
      option::choice("structure", "bag|diamond|reduce|sequential", "Workflow structure.").defaults("bag"),
      option::integer("task_count", "Number of tasks in the workflow.").defaults("1000").min(1),
      option::integer("task_data_bytes", "Size of each task's input and output data.")
          .defaults("0").min(0).unit("bytes"),
      // At most 1e9 s (31 years): longer sleeps overflow the nanosecond
      // clocks a sleep is measured in, and would silently not sleep at all.
      option::real("task_sleep", "Minimum duration of each task.").defaults("0").min(0).max(1e9).unit("s"),
      option::real("task_std", "Standard deviation of the task duration (normal, truncated at 0).")
          .defaults("0").min(0).max(1e9).unit("s"),
      option::integer("bag_max_running",
                      "Tasks in flight in the bag workflow; 0 means twice the hardware threads.")
          .defaults("0").min(0),
      option::integer("warmup_tasks", "Warm-up tasks run and awaited before the workflow.").defaults("1").min(0),
      option::integer("seed", "Seed of the task data and of the task durations.").defaults("0"),
  };
  static constexpr TaskDef tasks[] = {task<&noop>("noop"), task<&warmup>("warmup")};

  SyntheticApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Makespan run_structure(Workload& work);

  Host host_;
  Structure structure_;
  std::size_t task_count_;
  std::size_t task_data_bytes_;
  double task_sleep_;
  double task_std_;
  std::size_t bag_max_running_;
  std::size_t warmup_tasks_;
  std::uint64_t seed_;
};

}  // namespace taps::synthetic
