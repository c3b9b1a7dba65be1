// run_records.hpp — the task records of one run directory, read for a
// report: tasks.jsonl and the flattened config.toml.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace taps::host::report {

/// One line of tasks.jsonl. Times are Unix seconds; a record without an
/// `execution` object (a task that failed before running) has has_execution
/// false and zero execution times.
struct TaskRecord {
  std::string task_id;
  std::string function;
  std::vector<std::string> parents;
  double submit_time = 0;
  double received_time = 0;
  bool success = false;
  std::string exception_type;
  bool has_execution = false;
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

struct RunRecords {
  std::filesystem::path dir;
  std::vector<TaskRecord> tasks;
  /// Lines of tasks.jsonl that were not a record (a run killed while
  /// writing leaves its last line cut short); they are left out.
  std::size_t skipped_lines = 0;
  bool last_line_truncated = false;
  /// config.toml flattened to dotted keys ("engine.executor.workers") and
  /// the value's TOML text.
  std::map<std::string, std::string> config;
  /// The app's name from config.toml ([app] name).
  std::string app;
};

/// Reads RUN_DIR/tasks.jsonl and RUN_DIR/config.toml. Throws ConfigError
/// when `dir` is not a run directory (either file missing, config.toml
/// unreadable).
RunRecords read_run(const std::filesystem::path& dir);

}  // namespace taps::host::report
