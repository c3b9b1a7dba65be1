// The live progress line of `taps-host run`: drawn on a terminal (script(1)
// gives the run one), absent when the console is a file.
#include "host_run.hpp"
#include "report/report_command.hpp"

#include <gtest/gtest.h>

#include <string>

namespace taps::testing {
namespace {

const std::string slow_run =
    "run --app synthetic --app.task-count 24 --app.task-sleep 0.05 --engine.executor thread-pool "
    "--engine.executor.workers 1";

TEST(Progress, DrawsALiveLineOnATerminalAndClearsItForLogLines) {
  Scratch scratch;
  const auto typescript = scratch.path() / "typescript";
  const auto run = shell(scratch, "script -qec \"" + std::string(TAPS_HOST_BINARY) + " --plugin-path " TAPS_PLUGIN_DIR
                                      " " + slow_run + " --run.dir-format " + (scratch.path() / "run").string() +
                                      "\" " + typescript.string());
  ASSERT_EQ(run.exit_status, 0) << run.output;
  const std::string console = read_text(typescript);
  EXPECT_NE(console.find("\r\033[K[taps] "), std::string::npos) << console;
  EXPECT_NE(console.find("/25 tasks done, 0 failed"), std::string::npos) << console;
  // Every log line starts on a cleared row.
  EXPECT_NE(console.find("\r\033[K[20"), std::string::npos) << console;
}

TEST(Progress, StaysOffAConsoleThatIsAFile) {
  Scratch scratch;
  HostRun run(scratch, slow_run.substr(4));
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.output().find("[taps] "), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find("\033[K"), std::string::npos) << run.output();
}

}  // namespace
}  // namespace taps::testing
