// run_stats.hpp — what one run's task records say: counts, makespan,
// throughput, per-function phase times, worker utilisation and the
// critical path of the task graph.
#pragma once

#include "report/run_records.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace taps::host::report {

/// The phases of a task, in the order they happen. Each is the difference of
/// two times the record holds:
///   waiting           submit_time → execution_start_time
///   input transform   input_transform_start_time → input_transform_end_time
///   execution         task_start_time → task_end_time
///   result transform  result_transform_start_time → result_transform_end_time
///   return            execution_end_time → received_time
///   overhead          the rest of execution_start → execution_end: the
///                     engine's own work on the worker (decoding, encoding)
enum class Phase : std::size_t { waiting, input_transform, execution, result_transform, return_, overhead };
inline constexpr std::size_t phase_count = 6;
std::string_view phase_name(Phase phase);

/// Length of `phase` in `record`, which has an execution.
double phase_seconds(const TaskRecord& record, Phase phase);

struct Distribution {
  std::size_t count = 0;
  double median = 0;
  double p95 = 0;
  double max = 0;
  double mean = 0;
};

/// Percentile `q` in [0, 1] of sorted `values`, interpolating linearly
/// between the closest ranks (numpy's default).
double percentile(const std::vector<double>& sorted, double q);
Distribution distribution(std::vector<double> values);

struct FunctionStats {
  std::string name;
  std::size_t tasks = 0;
  std::size_t failed = 0;
  std::array<Distribution, phase_count> phases;
};

/// A worker slot: records name the host a task ran on but not the process
/// or thread, so the tasks of a host are packed onto the fewest slots whose
/// execution intervals do not overlap (the lowest free slot first). On an
/// executor that keeps its workers busy this is the workers themselves.
struct WorkerStats {
  std::string host;
  std::size_t slot = 0;
  std::size_t tasks = 0;
  double busy_seconds = 0;
  double utilisation = 0;  // busy / makespan
};

struct CriticalPath {
  /// Sum of the execution times (execution_start → execution_end) along
  /// the longest dependency chain: the makespan the graph would allow with
  /// unlimited workers and free scheduling.
  double seconds = 0;
  std::size_t tasks = 0;
  /// The chain's functions from first to last, runs of one name collapsed
  /// ("warmup, noop ×2").
  std::string functions;
};

struct RunStats {
  std::size_t submitted = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  double start_time = 0;  // min submit_time
  double makespan = 0;    // max received_time − min submit_time
  double throughput = 0;  // tasks / makespan
  double mean_round_trip = 0;  // mean of received − submit
  std::vector<FunctionStats> functions;  // by name
  std::vector<WorkerStats> workers;      // by host, slot
  /// Index into `workers` of each task's slot; -1 for a task that never ran.
  std::vector<long> task_worker;
  CriticalPath critical_path;
};

RunStats compute_stats(const RunRecords& run);

}  // namespace taps::host::report
