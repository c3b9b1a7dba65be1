#include "report/run_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>
#include <utility>

namespace taps::host::report {

std::string_view phase_name(Phase phase) {
  static constexpr std::array<std::string_view, phase_count> names{
      "waiting", "input transform", "execution", "result transform", "return", "overhead"};
  return names[static_cast<std::size_t>(phase)];
}

double phase_seconds(const TaskRecord& r, Phase phase) {
  const double input = r.input_transform_end_time - r.input_transform_start_time;
  const double execution = r.task_end_time - r.task_start_time;
  const double result = r.result_transform_end_time - r.result_transform_start_time;
  switch (phase) {
    case Phase::waiting: return r.execution_start_time - r.submit_time;
    case Phase::input_transform: return input;
    case Phase::execution: return execution;
    case Phase::result_transform: return result;
    case Phase::return_: return r.received_time - r.execution_end_time;
    case Phase::overhead: return (r.execution_end_time - r.execution_start_time) - input - execution - result;
  }
  return 0;
}

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

Distribution distribution(std::vector<double> values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  d.median = percentile(values, 0.5);
  d.p95 = percentile(values, 0.95);
  d.max = values.back();
  double sum = 0;
  for (double v : values) sum += v;
  d.mean = sum / static_cast<double>(values.size());
  return d;
}

namespace {

std::vector<FunctionStats> function_stats(const std::vector<TaskRecord>& tasks) {
  struct Samples {
    std::size_t tasks = 0, failed = 0;
    std::array<std::vector<double>, phase_count> phases;
  };
  std::map<std::string, Samples> by_name;
  for (const auto& r : tasks) {
    auto& s = by_name[r.function];
    ++s.tasks;
    if (!r.success) ++s.failed;
    if (!r.has_execution) continue;
    for (std::size_t p = 0; p < phase_count; ++p) s.phases[p].push_back(phase_seconds(r, static_cast<Phase>(p)));
  }
  std::vector<FunctionStats> out;
  for (auto& [name, s] : by_name) {
    FunctionStats f{name, s.tasks, s.failed, {}};
    for (std::size_t p = 0; p < phase_count; ++p) f.phases[p] = distribution(std::move(s.phases[p]));
    out.push_back(std::move(f));
  }
  return out;
}

void pack_workers(const RunRecords& run, RunStats& stats) {
  std::map<std::string, std::vector<std::size_t>> by_host;
  for (std::size_t i = 0; i < run.tasks.size(); ++i) {
    if (run.tasks[i].has_execution) by_host[run.tasks[i].hostname].push_back(i);
  }
  stats.task_worker.assign(run.tasks.size(), -1);
  for (auto& [host, indices] : by_host) {
    std::sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
      return run.tasks[a].execution_start_time < run.tasks[b].execution_start_time;
    });
    const std::size_t first = stats.workers.size();
    using Busy = std::pair<double, std::size_t>;  // end time, slot
    std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
    std::set<std::size_t> free_slots;
    for (std::size_t i : indices) {
      const auto& r = run.tasks[i];
      while (!busy.empty() && busy.top().first <= r.execution_start_time) {
        free_slots.insert(busy.top().second);
        busy.pop();
      }
      std::size_t slot;
      if (free_slots.empty()) {
        slot = stats.workers.size() - first;
        stats.workers.push_back(WorkerStats{host, slot, 0, 0, 0});
      } else {
        slot = *free_slots.begin();
        free_slots.erase(free_slots.begin());
      }
      auto& worker = stats.workers[first + slot];
      ++worker.tasks;
      worker.busy_seconds += r.execution_end_time - r.execution_start_time;
      stats.task_worker[i] = static_cast<long>(first + slot);
      busy.emplace(r.execution_end_time, slot);
    }
  }
  for (auto& w : stats.workers) w.utilisation = stats.makespan > 0 ? w.busy_seconds / stats.makespan : 0;
}

std::string collapse(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size();) {
    std::size_t j = i;
    while (j < names.size() && names[j] == names[i]) ++j;
    out += fmt::format("{}{}{}", out.empty() ? "" : ", ", names[i], j - i > 1 ? fmt::format(" ×{}", j - i) : "");
    i = j;
  }
  return out;
}

CriticalPath critical_path(const std::vector<TaskRecord>& tasks) {
  const std::size_t n = tasks.size();
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(n);
  for (std::size_t i = 0; i < n; ++i) index.emplace(tasks[i].task_id, i);
  // Kahn's order over the parents that have records (a cut-short file may
  // lack some).
  std::vector<std::vector<std::size_t>> children(n);
  std::vector<std::size_t> pending(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& p : tasks[i].parents) {
      if (const auto it = index.find(p); it != index.end()) {
        children[it->second].push_back(i);
        ++pending[i];
      }
    }
  }
  std::vector<double> longest(n, 0);
  std::vector<long> previous(n, -1);
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < n; ++i) {
    if (pending[i] == 0) ready.push_back(i);
  }
  while (!ready.empty()) {
    const std::size_t i = ready.back();
    ready.pop_back();
    const auto& r = tasks[i];
    longest[i] += r.has_execution ? r.execution_end_time - r.execution_start_time : 0;
    for (std::size_t c : children[i]) {
      if (previous[c] < 0 || longest[i] > longest[c]) {
        longest[c] = longest[i];
        previous[c] = static_cast<long>(i);
      }
      if (--pending[c] == 0) ready.push_back(c);
    }
  }
  CriticalPath path;
  if (n == 0) return path;
  auto last = static_cast<std::size_t>(std::max_element(longest.begin(), longest.end()) - longest.begin());
  path.seconds = longest[last];
  std::vector<std::string> names;
  for (long i = static_cast<long>(last); i >= 0; i = previous[static_cast<std::size_t>(i)]) {
    names.push_back(tasks[static_cast<std::size_t>(i)].function);
  }
  std::reverse(names.begin(), names.end());
  path.tasks = names.size();
  path.functions = collapse(names);
  return path;
}

}  // namespace

RunStats compute_stats(const RunRecords& run) {
  RunStats stats;
  stats.submitted = run.tasks.size();
  if (run.tasks.empty()) return stats;
  double first_submit = std::numeric_limits<double>::infinity();
  double last_received = -std::numeric_limits<double>::infinity();
  double round_trips = 0;
  for (const auto& r : run.tasks) {
    (r.success ? stats.succeeded : stats.failed) += 1;
    first_submit = std::min(first_submit, r.submit_time);
    last_received = std::max(last_received, r.received_time);
    round_trips += r.received_time - r.submit_time;
  }
  stats.start_time = first_submit;
  stats.makespan = last_received - first_submit;
  stats.throughput = stats.makespan > 0 ? static_cast<double>(stats.submitted) / stats.makespan : 0;
  stats.mean_round_trip = round_trips / static_cast<double>(stats.submitted);
  stats.functions = function_stats(run.tasks);
  pack_workers(run, stats);
  stats.critical_path = critical_path(run.tasks);
  return stats;
}

}  // namespace taps::host::report
