// `taps-host sweep`: the cross product of its --vary values, the report
// grouped by them, a failed point passed over, and --resume.
#include "host_run.hpp"
#include "report/report_command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace taps::testing {
namespace {

std::filesystem::path write_base_config(const Scratch& scratch) {
  const auto file = scratch.path() / "base.toml";
  std::ofstream(file) << "[app]\nname = \"synthetic\"\ntask_count = 3\n\n[engine.executor]\nname = \"thread-pool\"\n";
  return file;
}

TEST(Sweep, RunsEveryCombinationAndReportsThemGroupedByWhatVaried) {
  Scratch scratch;
  const auto sweep = taps_host(scratch, "sweep --config " + write_base_config(scratch).string() + " --dir " +
                                            (scratch.path() / "sweeps").string() +
                                            " --vary app.task_count=2,3 --vary engine.executor.workers=1,2 "
                                            "--repeat 2 --no-figures");
  ASSERT_EQ(sweep.exit_status, 0) << sweep.output;
  const auto dir = scratch.path() / "sweeps" / "base";
  std::size_t runs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "runs")) {
    EXPECT_TRUE(std::filesystem::exists(entry.path() / "tasks.jsonl")) << entry.path();
    ++runs;
  }
  EXPECT_EQ(runs, 8u);
  const std::string toml = read_text(dir / "sweep.toml");
  EXPECT_NE(toml.find("key = 'app.task_count'"), std::string::npos) << toml;
  EXPECT_NE(toml.find("p003-r2 = 'ok'"), std::string::npos) << toml;

  const auto report = read_json(dir / "report" / "report.json");
  ASSERT_TRUE(report.IsObject()) << sweep.output;
  ASSERT_EQ(report["keys"].Size(), 2u);
  EXPECT_STREQ(report["keys"][0].GetString(), "app.task_count");
  EXPECT_STREQ(report["keys"][1].GetString(), "engine.executor.workers");
  ASSERT_EQ(report["groups"].Size(), 4u);
  for (const auto& group : report["groups"].GetArray()) {
    EXPECT_EQ(group["runs"].Size(), 2u);
    // Every run of the group has the group's values: p<point> is the same.
    const std::string a = std::filesystem::path(group["runs"][0].GetString()).filename();
    const std::string b = std::filesystem::path(group["runs"][1].GetString()).filename();
    EXPECT_EQ(a.substr(0, 4), b.substr(0, 4)) << a << " and " << b;
  }
}

TEST(Sweep, GoesOnPastAFailedPointAndResumeRedoesOnlyWhatDidNotFinish) {
  Scratch scratch;
  const auto dir = scratch.path() / "sweeps" / "shapes";
  const auto sweep = taps_host(scratch, "sweep --config " + write_base_config(scratch).string() + " --dir " +
                                            (scratch.path() / "sweeps").string() +
                                            " --name shapes --vary app.structure=no-such-shape,bag --no-figures");
  EXPECT_EQ(sweep.exit_status, 1) << sweep.output;
  EXPECT_NE(sweep.output.find("1 of 2 runs failed"), std::string::npos) << sweep.output;
  const std::string toml = read_text(dir / "sweep.toml");
  EXPECT_NE(toml.find("p000-r1 = 'exit status 2'"), std::string::npos) << toml;
  EXPECT_NE(toml.find("p001-r1 = 'ok'"), std::string::npos) << toml;
  EXPECT_TRUE(std::filesystem::exists(dir / "report" / "report.md")) << "no report of the run that finished";

  const auto finished = dir / "runs" / "p001-r1" / "tasks.jsonl";
  const auto written = std::filesystem::last_write_time(finished);
  const auto resumed = taps_host(scratch, "sweep --resume " + dir.string() + " --no-figures");
  EXPECT_EQ(resumed.exit_status, 1) << resumed.output;  // the bad point fails again
  EXPECT_NE(resumed.output.find("p000-r1"), std::string::npos) << resumed.output;
  EXPECT_EQ(resumed.output.find("p001-r1 app.structure=bag"), std::string::npos) << resumed.output;
  EXPECT_EQ(std::filesystem::last_write_time(finished), written);

  const auto again = taps_host(scratch, "sweep --config " + (scratch.path() / "base.toml").string() + " --dir " +
                                            (scratch.path() / "sweeps").string() +
                                            " --name shapes --vary app.structure=bag");
  EXPECT_EQ(again.exit_status, 2) << again.output;
  EXPECT_NE(again.output.find("exists already"), std::string::npos) << again.output;
}

}  // namespace
}  // namespace taps::testing
