// The chrome-trace and wfformat loggers, run beside jsonl in real runs, and
// their files checked against the jsonl records of the same tasks.
#include "host_run.hpp"
#include "report/report_command.hpp"
#include "task_records.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace taps::testing {
namespace {

struct Execution {
  std::string host;
  double start = 0, end = 0, task_start = 0;
};

std::map<std::string, Execution> executions(const std::filesystem::path& tasks) {
  std::map<std::string, Execution> out;
  read_records(tasks, [&](const rapidjson::Document& d, const std::string&) {
    if (!d["execution"].IsObject()) return;
    const auto& e = d["execution"];
    out[d["task_id"].GetString()] = {e["hostname"].GetString(), e["execution_start_time"].GetDouble(),
                                     e["execution_end_time"].GetDouble(), e["task_start_time"].GetDouble()};
  });
  return out;
}

TEST(ChromeTraceLogger, WritesASlicePerTaskAndPhaseAndAnArrowPerDependency) {
  Scratch scratch;
  HostRun run(scratch,
              "--app synthetic --app.structure diamond --app.task-count 6 --app.task-sleep 0.005 "
              "--engine.executor thread-pool --engine.executor.workers 2 --engine.logger jsonl,chrome-trace");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto records = read_records(run.run_dir() / "tasks.jsonl");
  const auto executed = executions(run.run_dir() / "tasks.jsonl");
  const auto trace = read_json(run.run_dir() / "trace.json");
  ASSERT_TRUE(trace.IsArray()) << "trace.json is not a JSON array";

  std::map<std::string, const rapidjson::Value*> task_slices;
  std::map<std::tuple<int, int>, std::vector<std::pair<double, double>>> tracks;
  std::map<int, std::string> process_names;
  std::vector<std::tuple<int, int, double>> execution_slices;
  std::size_t flow_starts = 0, flow_ends = 0;
  for (const auto& e : trace.GetArray()) {
    const std::string ph = e["ph"].GetString();
    if (ph == "M" && std::string(e["name"].GetString()) == "process_name") {
      process_names[e["pid"].GetInt()] = e["args"]["name"].GetString();
    } else if (ph == "X" && std::string(e["cat"].GetString()) == "task") {
      task_slices[e["args"]["task_id"].GetString()] = &e;
      tracks[{e["pid"].GetInt(), e["tid"].GetInt()}].emplace_back(e["ts"].GetDouble(),
                                                                  e["ts"].GetDouble() + e["dur"].GetDouble());
    } else if (ph == "X" && std::string(e["name"].GetString()) == "execution") {
      execution_slices.emplace_back(e["pid"].GetInt(), e["tid"].GetInt(), e["ts"].GetDouble());
    } else if (ph == "s") {
      ++flow_starts;
    } else if (ph == "f") {
      ++flow_ends;
    }
  }
  std::size_t dependencies = 0;
  for (const auto& r : records) {
    dependencies += r.parents.size();
    ASSERT_EQ(task_slices.count(r.id), 1u) << "no slice for task " << r.id;
    const auto& slice = *task_slices[r.id];
    const auto& e = executed.at(r.id);
    EXPECT_EQ(std::string(slice["name"].GetString()), r.function);
    EXPECT_NEAR(slice["ts"].GetDouble(), e.start * 1e6, 1.0);
    EXPECT_NEAR(slice["dur"].GetDouble(), (e.end - e.start) * 1e6, 1.0);
    EXPECT_EQ(process_names[slice["pid"].GetInt()], "host " + e.host);
    // Its execution phase is nested in it, on the same track.
    bool nested = false;
    for (const auto& [pid, tid, ts] : execution_slices) {
      nested |= pid == slice["pid"].GetInt() && tid == slice["tid"].GetInt() && std::abs(ts - e.task_start * 1e6) < 1.0;
    }
    EXPECT_TRUE(nested) << "no execution slice inside task " << r.id;
  }
  EXPECT_EQ(task_slices.size(), records.size());
  EXPECT_EQ(flow_starts, dependencies);
  EXPECT_EQ(flow_ends, dependencies);
  for (auto& [track, slices] : tracks) {  // a track is one worker: its slices never overlap
    std::sort(slices.begin(), slices.end());
    for (std::size_t i = 1; i < slices.size(); ++i) EXPECT_LE(slices[i - 1].second, slices[i].first + 1e-3);
  }
}

TEST(WfFormatLogger, WritesAnInstanceTheWfFormatSchemaAccepts) {
  Scratch scratch;
  // A failures run: some tasks fail, and those failed by a parent never run.
  HostRun run(scratch,
              R"(--app failures --app.base synthetic --app.config '{"structure":"reduce","task_count":6,"warmup_tasks":0}' )"
              "--app.failure-type failure --app.failure-rate 0.3 --app.seed 3 --engine.executor thread-pool "
              "--engine.logger jsonl,wfformat");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto instance_file = run.run_dir() / "workflow.json";
  const auto validated = shell(scratch, "/usr/bin/python3 " TAPS_LOGGER_TEST_DIR
                                            "/validate_json_schema.py " TAPS_LOGGER_TEST_DIR
                                            "/wfcommons-schema.json " + instance_file.string());
  EXPECT_EQ(validated.exit_status, 0) << validated.output;

  const auto records = read_records(run.run_dir() / "tasks.jsonl");
  const auto executed = executions(run.run_dir() / "tasks.jsonl");
  const auto instance = read_json(instance_file);
  ASSERT_TRUE(instance.IsObject());
  EXPECT_STREQ(instance["schemaVersion"].GetString(), "1.5");
  const auto& specification = instance["workflow"]["specification"]["tasks"];
  ASSERT_EQ(specification.Size(), records.size());
  std::map<std::string, std::set<std::string>> parents, children;
  for (const auto& t : specification.GetArray()) {
    for (const auto& p : t["parents"].GetArray()) parents[t["id"].GetString()].insert(p.GetString());
    for (const auto& c : t["children"].GetArray()) children[t["id"].GetString()].insert(c.GetString());
  }
  std::map<std::string, std::set<std::string>> expected_children;
  for (const auto& r : records) {
    EXPECT_EQ(parents[r.id], std::set<std::string>(r.parents.begin(), r.parents.end())) << r.id;
    for (const auto& p : r.parents) expected_children[p].insert(r.id);
  }
  for (const auto& r : records) EXPECT_EQ(children[r.id], expected_children[r.id]) << r.id;
  const auto& execution = instance["workflow"]["execution"]["tasks"];
  EXPECT_EQ(execution.Size(), executed.size());
  EXPECT_LT(executed.size(), records.size());  // some never ran
  for (const auto& t : execution.GetArray()) {
    const auto& e = executed.at(t["id"].GetString());
    // tasks.jsonl read back with RapidJSON's fast (not full-precision) number parser: a ulp apart.
    EXPECT_NEAR(t["runtimeInSeconds"].GetDouble(), e.end - e.start, 1e-6);
    EXPECT_STREQ(t["machines"][0].GetString(), e.host.c_str());
  }
}

TEST(RecordLoggers, JsonlAloneIsTheDefaultAndAnUnknownListedLoggerIsRefused) {
  Scratch scratch;
  HostRun run(scratch, "--app synthetic --app.task-count 2 --engine.executor thread-pool");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_TRUE(std::filesystem::exists(run.run_dir() / "tasks.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(run.run_dir() / "trace.json"));
  EXPECT_NE(read_text(run.run_dir() / "config.toml").find("[engine.logger]\nname = \"jsonl\""), std::string::npos);

  Scratch other;
  HostRun refused(other, "--app synthetic --engine.executor thread-pool --engine.logger jsonl,no-such-logger");
  EXPECT_EQ(refused.exit_status(), 2) << refused.output();
  EXPECT_NE(refused.output().find("unknown logger 'jsonl,no-such-logger'"), std::string::npos) << refused.output();
}

}  // namespace
}  // namespace taps::testing
