// workflows.hpp — the four task graphs of the reference synthetic app.
#pragma once

#include "round_trips.hpp"
#include "tasks.hpp"

#include <taps/engine.hpp>
#include <taps/host.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace taps::synthetic {

enum class Structure { bag, diamond, reduce, sequential };

/// What every workflow needs: the engine, the sizes, and where seeds and
/// per-task sleep times come from (both reproducible from the run's seed).
class Workload {
 public:
  Workload(Engine& engine, const Host& host, std::size_t task_count, std::size_t data_bytes, double sleep_mean,
           double sleep_std, std::uint64_t seed);

  /// A noop task over `inputs` (blocks or futures), with its output's seed.
  struct Task {
    TaskFuture<Bytes> future;
    std::uint64_t seed;
  };
  template <class... Inputs>
  Task submit(Inputs&&... inputs) {
    const std::uint64_t seed = next_seed();
    const auto size = static_cast<std::int64_t>(data_bytes_);
    return {engine_.submit(&noop, NoopParams{size, size, next_sleep(), seed}, std::forward<Inputs>(inputs)...), seed};
  }

  /// A fresh input block made on the client, as the reference's generate_data.
  Bytes input_block();

  /// Waits for `task` and verifies its output block; throws if either fails.
  void check_result(const Task& task, const char* what) const;

  /// Waits for `task` and returns a view of its output, resolved on the
  /// client (copying nothing); check_block() it afterwards.
  TaskFuture<BytesView> wait_result(const Task& task) const;
  /// Verifies a result block that wait_result() returned.
  void check_block_of(const Task& task, BytesView block, const char* what) const;

  Engine& engine() const { return engine_; }
  const Host& host() const { return host_; }
  std::size_t task_count() const { return task_count_; }

 private:
  std::uint64_t next_seed();
  double next_sleep();

  Engine& engine_;
  const Host& host_;
  std::size_t task_count_;
  std::size_t data_bytes_;
  double sleep_mean_;
  double sleep_std_;
  std::normal_distribution<double> standard_normal_;
  std::mt19937_64 random_;
  std::uint64_t seed_counter_;
};

/// How long a workflow took: first submit to last completion.
struct Makespan {
  std::size_t tasks;  // tasks in the workflow (warm-up excluded)
  double seconds;
  /// Per-task round trips of a bag, in completion order: from just before
  /// the submit (the input block already made, its transform included) to
  /// the client holding the resolved output (its check excluded). This is
  /// the reference paper's data-transfer round trip. Empty for other shapes.
  RoundTrips round_trips{};
};

/// Keeps `max_running` tasks in flight and submits one more per completion.
Makespan run_bag(Workload& work, std::size_t max_running);
/// One task, then task_count tasks on its output, then one task on all of those.
Makespan run_diamond(Workload& work);
/// task_count independent tasks, then one task on all of their outputs.
Makespan run_reduce(Workload& work);
/// A chain of task_count tasks, each on the previous one's output.
Makespan run_sequential(Workload& work);

}  // namespace taps::synthetic
