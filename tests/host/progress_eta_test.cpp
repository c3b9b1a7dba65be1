// The progress line's ETA: computed from the task total an app announces
// (Engine::expect_tasks), shown on the live line when the app announced one
// and absent when it did not. script(1) gives the runs a terminal.
#include "run/eta.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace taps::host {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Eta, IsTheRemainingTasksAtTheRateSoFar) {
  // 10 tasks in 5 s: 2 tasks/s, 20 left.
  EXPECT_EQ(eta_text(10, 30, 5.0), ", ETA 10 s (30 tasks expected)");
  EXPECT_EQ(eta_text(1, 4, 2.0), ", ETA 6.0 s (4 tasks expected)");
}

TEST(Eta, IsAbsentWithoutATotalBeforeTheFirstTaskAndOnceTheTotalIsReached) {
  EXPECT_EQ(eta_text(10, 0, 5.0), "");
  EXPECT_EQ(eta_text(0, 30, 5.0), "");
  EXPECT_EQ(eta_text(30, 30, 5.0), "");
  EXPECT_EQ(eta_text(31, 30, 5.0), "") << "an app that underestimated gets no negative ETA";
  EXPECT_EQ(eta_text(10, 30, 0.0), "");
}

TEST(Eta, DurationsReadAsAPersonWouldWriteThem) {
  EXPECT_EQ(duration_text(8.54), "8.5 s");
  EXPECT_EQ(duration_text(42.4), "42 s");
  EXPECT_EQ(duration_text(185), "3m05s");
  EXPECT_EQ(duration_text(7620), "2h07m");
}

/// What `taps-host args...` wrote to its terminal.
std::string terminal_output(const test::ScratchDir& scratch, const std::filesystem::path& host,
                            const std::string& args) {
  const auto typescript = scratch.path() / "typescript";
  const std::string command = host.string() + " " + args + " --run.dir-format " + (scratch.path() / "run").string();
  // execv does not search PATH; util-linux installs script(1) here.
  test::ChildProcess script({"/usr/bin/script", "-qec", command, typescript.string()}, scratch.path());
  const auto result = script.wait();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  std::ifstream in(typescript, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ProgressEta, AnAppThatAnnouncesNoTotalGetsNoEta) {
  // The pure-C fixture app, built against the ABI alone, never calls
  // expect_tasks.
  test::ScratchDir scratch;
  const std::string console = terminal_output(
      scratch, test::isolated_host(),
      "--plugin-path " + test::fixture_dir("valid").string() +
          " run --app c-squares --app.task-count 20 --app.task-sleep 0.05 --engine.executor c-queue "
          "--engine.logger c-lines");
  EXPECT_THAT(console, HasSubstr("tasks done, 0 failed"));
  EXPECT_THAT(console, Not(HasSubstr("ETA")));
}

#ifdef TAPS_HAVE_REAL_PLUGINS
TEST(ProgressEta, AnAppThatAnnouncesItsTotalGetsAnEta) {
  // synthetic's reduce: 24 tasks and the reducing one, no warm-up task.
  test::ScratchDir scratch;
  const std::string console = terminal_output(
      scratch, test::built_host(),
      "--plugin-path " TAPS_PLUGIN_DIR
      " run --app synthetic --app.structure reduce --app.task-count 24 --app.task-sleep 0.05 --app.warmup-tasks 0 "
      "--engine.executor thread-pool --engine.executor.workers 1");
  EXPECT_THAT(console, HasSubstr("tasks done, 0 failed"));
  EXPECT_THAT(console, HasSubstr(" (25 tasks expected)"));
  EXPECT_THAT(console, HasSubstr(", ETA "));
}
#endif

}  // namespace
}  // namespace taps::host
