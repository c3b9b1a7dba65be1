// A one-run report checked against numbers the test computes itself from
// the run's tasks.jsonl.
#include "host_run.hpp"
#include "report/report_command.hpp"
#include "task_records.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace taps::testing {
namespace {

/// The times of a record the shared Record leaves out.
struct Times {
  double submit = 0, received = 0;
  bool executed = false;
  double execution_start = 0, execution_end = 0, task_start = 0, task_end = 0;
};

std::map<std::string, Times> read_times(const std::filesystem::path& tasks) {
  std::map<std::string, Times> times;
  read_records(tasks, [&](const rapidjson::Document& d, const std::string&) {
    Times& t = times[d["task_id"].GetString()];
    t.submit = d["submit_time"].GetDouble();
    t.received = d["received_time"].GetDouble();
    if (d["execution"].IsObject()) {
      const auto& e = d["execution"];
      t.executed = true;
      t.execution_start = e["execution_start_time"].GetDouble();
      t.execution_end = e["execution_end_time"].GetDouble();
      t.task_start = e["task_start_time"].GetDouble();
      t.task_end = e["task_end_time"].GetDouble();
    }
  });
  return times;
}

/// The value at fraction q of the sorted values, between the closest ranks.
double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double rank = q * static_cast<double>(values.size() - 1);
  const double low = values[static_cast<std::size_t>(rank)];
  const double high = values[std::min(values.size() - 1, static_cast<std::size_t>(rank) + 1)];
  return low + (high - low) * (rank - std::floor(rank));
}

/// The longest chain of execution times ending at each task, by recursion
/// over parents (the report sorts the graph instead).
double longest_chain(const std::string& id, const std::map<std::string, Record>& by_id,
                     const std::map<std::string, Times>& times, std::map<std::string, double>& memo) {
  if (const auto it = memo.find(id); it != memo.end()) return it->second;
  double before = 0;
  for (const auto& parent : by_id.at(id).parents) before = std::max(before, longest_chain(parent, by_id, times, memo));
  const auto& t = times.at(id);
  return memo[id] = before + (t.executed ? t.execution_end - t.execution_start : 0);
}

rapidjson::Document report_of(const Scratch& scratch, const std::filesystem::path& run_dir, const std::string& flags) {
  const auto report = taps_host(scratch, "report " + flags + " " + run_dir.string());
  EXPECT_EQ(report.exit_status, 0) << report.output;
  auto json = read_json(run_dir / "report.json");
  EXPECT_TRUE(json.IsObject()) << report.output;
  return json;
}

TEST(RunReport, MatchesTheNumbersOfADiamondRunsRecords) {
  Scratch scratch;
  HostRun run(scratch,
              "--app synthetic --app.structure diamond --app.task-count 6 --app.task-sleep 0.02 "
              "--engine.executor thread-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto records = read_records(run.run_dir() / "tasks.jsonl");
  const auto times = read_times(run.run_dir() / "tasks.jsonl");
  const auto report = report_of(scratch, run.run_dir(), "");
  ASSERT_TRUE(report.IsObject());

  double first_submit = 1e300, last_received = 0, busy = 0;
  for (const auto& [id, t] : times) {
    first_submit = std::min(first_submit, t.submit);
    last_received = std::max(last_received, t.received);
    busy += t.execution_end - t.execution_start;
  }
  const double makespan = last_received - first_submit;
  EXPECT_EQ(report["tasks"].GetUint64(), records.size());
  EXPECT_EQ(report["failed"].GetUint64(), 0u);
  EXPECT_NEAR(report["makespan"].GetDouble(), makespan, 1e-9);
  EXPECT_NEAR(report["throughput"].GetDouble(), static_cast<double>(records.size()) / makespan, 1e-6);

  // Phases of the noop tasks: execution and waiting.
  std::vector<double> execution, waiting;
  for (const auto& r : only(records, "noop")) {
    const auto& t = times.at(r.id);
    execution.push_back(t.task_end - t.task_start);
    waiting.push_back(t.execution_start - t.submit);
  }
  const auto& noop = report["functions"]["noop"];
  EXPECT_EQ(noop["tasks"].GetUint64(), 8u);  // root, 6 in the middle, last
  for (const auto& [phase, values] : {std::pair{"execution", execution}, std::pair{"waiting", waiting}}) {
    const auto& d = noop["phases"][phase];
    EXPECT_NEAR(d["median"].GetDouble(), quantile(values, 0.5), 1e-9) << phase;
    EXPECT_NEAR(d["p95"].GetDouble(), quantile(values, 0.95), 1e-9) << phase;
    EXPECT_NEAR(d["max"].GetDouble(), *std::max_element(values.begin(), values.end()), 1e-9) << phase;
  }
  EXPECT_GE(noop["phases"]["execution"]["median"].GetDouble(), 0.02);  // task_sleep

  // Critical path: root, the slowest middle task, the last one.
  std::map<std::string, Record> by_id;
  for (const auto& r : records) by_id.emplace(r.id, r);
  std::map<std::string, double> memo;
  double critical = 0;
  for (const auto& r : records) critical = std::max(critical, longest_chain(r.id, by_id, times, memo));
  EXPECT_NEAR(report["critical_path"]["seconds"].GetDouble(), critical, 1e-9);
  EXPECT_EQ(report["critical_path"]["tasks"].GetUint64(), 3u);
  EXPECT_GE(critical, 3 * 0.02);
  EXPECT_LE(critical, makespan);

  // Two worker threads: two slots, busy for every task's execution.
  const auto& workers = report["workers"].GetArray();
  EXPECT_EQ(workers.Size(), 2u);
  double reported_busy = 0;
  std::uint64_t tasks_on_workers = 0;
  for (const auto& w : workers) {
    reported_busy += w["busy_seconds"].GetDouble();
    tasks_on_workers += w["tasks"].GetUint64();
    EXPECT_NEAR(w["utilisation"].GetDouble(), w["busy_seconds"].GetDouble() / makespan, 1e-9);
  }
  EXPECT_NEAR(reported_busy, busy, 1e-9);
  EXPECT_EQ(tasks_on_workers, records.size());

  const std::string markdown = read_text(run.run_dir() / "report.md");
  for (const char* figure : {"figures/timeline.png", "figures/in_flight.png", "figures/phases.png"}) {
    expect_png(run.run_dir() / figure);
    EXPECT_NE(markdown.find(std::string("](") + figure + ")"), std::string::npos) << figure;
  }
}

TEST(RunReport, CountsTheFailedTasksOfAFailuresRun) {
  Scratch scratch;
  HostRun run(scratch,
              R"(--app failures --app.base synthetic --app.config '{"structure":"reduce","task_count":6,"warmup_tasks":0}' )"
              "--app.failure-type failure --app.failure-rate 0.3 --app.seed 3 --engine.executor thread-pool");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto records = read_records(run.run_dir() / "tasks.jsonl");
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> failed_and_executed;
  std::size_t failed = 0;
  for (const auto& r : records) {
    failed += r.success ? 0 : 1;
    failed_and_executed[r.function].first += r.success ? 0 : 1;
    failed_and_executed[r.function].second += r.has_execution ? 1 : 0;
  }
  ASSERT_GT(failed, 0u);
  const auto report = report_of(scratch, run.run_dir(), "--no-figures");
  ASSERT_TRUE(report.IsObject());
  EXPECT_EQ(report["failed"].GetUint64(), failed);
  EXPECT_EQ(report["succeeded"].GetUint64(), records.size() - failed);
  for (const auto& [function, counts] : failed_and_executed) {
    const auto& f = report["functions"][function.c_str()];
    EXPECT_EQ(f["failed"].GetUint64(), counts.first) << function;
    // A task failed by its parent never ran: it has no phases.
    EXPECT_EQ(f["phases"]["execution"]["count"].GetUint64(), counts.second) << function;
  }
}

TEST(RunReport, SkipsAndReportsATruncatedLastLine) {
  Scratch scratch;
  HostRun run(scratch, "--app synthetic --app.task-count 5 --engine.executor thread-pool");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto tasks = run.run_dir() / "tasks.jsonl";
  const std::size_t complete = read_records(tasks).size();
  std::string text = read_text(tasks);
  text.resize(text.size() - 40);  // cut into the last record, as a killed run would
  std::ofstream(tasks, std::ios::binary | std::ios::trunc) << text;

  const auto report = taps_host(scratch, "report --no-figures " + run.run_dir().string());
  EXPECT_EQ(report.exit_status, 0) << report.output;
  EXPECT_NE(report.output.find("skipped 1 line(s)"), std::string::npos) << report.output;
  EXPECT_NE(report.output.find("cut short"), std::string::npos) << report.output;
  const auto json = read_json(run.run_dir() / "report.json");
  ASSERT_TRUE(json.IsObject());
  EXPECT_EQ(json["tasks"].GetUint64(), complete - 1);
  EXPECT_EQ(json["skipped_lines"].GetUint64(), 1u);
  EXPECT_TRUE(json["last_line_truncated"].GetBool());
}

TEST(RunReport, RefusesADirectoryThatIsNoRun) {
  Scratch scratch;
  const auto report = taps_host(scratch, "report " + scratch.path().string());
  EXPECT_EQ(report.exit_status, 2) << report.output;
  EXPECT_NE(report.output.find("is not a run directory"), std::string::npos) << report.output;
}

}  // namespace
}  // namespace taps::testing
