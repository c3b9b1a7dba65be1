// A report over several runs: grouped by the configuration keys that
// differ, statistics over repeats checked against the test's own.
#include "host_run.hpp"
#include "report/report_command.hpp"
#include "task_records.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace taps::testing {
namespace {

double makespan_of(const std::filesystem::path& run_dir) {
  double first = 1e300, last = 0;
  for (const auto& r : read_records(run_dir / "tasks.jsonl")) {
    first = std::min(first, r.submit_time);
    last = std::max(last, r.received_time);
  }
  return last - first;
}

TEST(GroupReport, GroupsRepeatsByTheKeysThatDiffer) {
  Scratch scratch;
  std::vector<std::unique_ptr<Scratch>> places;
  std::vector<std::unique_ptr<HostRun>> runs;
  std::string dirs;
  for (const char* count : {"6", "3", "6", "3"}) {
    places.push_back(std::make_unique<Scratch>());
    runs.push_back(std::make_unique<HostRun>(
        *places.back(), std::string("--app synthetic --app.task-count ") + count + " --engine.executor thread-pool"));
    ASSERT_EQ(runs.back()->exit_status(), 0) << runs.back()->output();
    dirs += " " + runs.back()->run_dir().string();
  }
  const auto out = scratch.path() / "report";
  const auto report = taps_host(scratch, "report --out " + out.string() + dirs);
  ASSERT_EQ(report.exit_status, 0) << report.output;
  const auto json = read_json(out / "report.json");
  ASSERT_TRUE(json.IsObject());
  ASSERT_EQ(json["keys"].Size(), 1u);
  EXPECT_STREQ(json["keys"][0].GetString(), "app.task_count");
  const auto& groups = json["groups"];
  ASSERT_EQ(groups.Size(), 2u);
  const double t_975_1 = 12.706204736174704;  // Student-t, 1 degree of freedom, two-sided 95 %
  for (unsigned g = 0; g < 2; ++g) {
    const auto& group = groups[g];
    EXPECT_STREQ(group["values"][0].GetString(), g == 0 ? "3" : "6");  // numbers in numeric order
    ASSERT_EQ(group["runs"].Size(), 2u);
    const double a = makespan_of(group["runs"][0].GetString());
    const double b = makespan_of(group["runs"][1].GetString());
    const double mean = (a + b) / 2, std = std::abs(a - b) / std::sqrt(2.0);
    const auto& m = group["metrics"]["makespan"];
    EXPECT_EQ(m["count"].GetUint64(), 2u);
    EXPECT_NEAR(m["mean"].GetDouble(), mean, 1e-12);
    EXPECT_NEAR(m["std"].GetDouble(), std, 1e-12);
    EXPECT_NEAR(m["ci95"].GetDouble(), t_975_1 * std / std::sqrt(2.0), 1e-9);
  }
  const std::string markdown = read_text(out / "report.md");
  EXPECT_NE(markdown.find("| app.task_count | runs |"), std::string::npos) << markdown;
}

TEST(GroupReport, RefusesRunsOfDifferentApps) {
  Scratch scratch, first, second;
  HostRun synthetic(first, "--app synthetic --app.task-count 2 --engine.executor thread-pool");
  HostRun failures(second,
                   R"(--app failures --app.base synthetic --app.config '{"task_count":2}' --engine.executor thread-pool)");
  ASSERT_EQ(synthetic.exit_status(), 0) << synthetic.output();
  ASSERT_EQ(failures.exit_status(), 0) << failures.output();
  const auto report =
      taps_host(scratch, "report " + synthetic.run_dir().string() + " " + failures.run_dir().string());
  EXPECT_EQ(report.exit_status, 2) << report.output;
  EXPECT_NE(report.output.find("different apps"), std::string::npos) << report.output;
}

}  // namespace
}  // namespace taps::testing
