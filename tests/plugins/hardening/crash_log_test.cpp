// A task that crashes the host in-process (SIGSEGV on thread-pool) must not
// take the log with it: log.txt holds every line written before the crash,
// as tasks.jsonl holds every record flushed.
#include "host_run.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>

namespace taps::testing {
namespace {

TEST(CrashLog, LogTxtKeepsTheLinesBeforeAnInProcessCrash) {
  Scratch scratch;
  const auto runs = scratch.path() / "runs";
  const std::string command = std::string(TAPS_HOST_BINARY) + " --plugin-path " TAPS_PLUGIN_DIR
                              " --plugin-path " TAPS_CRASHY_PLUGIN_DIR
                              " run --app crashy --app.mode segfault --app.delay 0.3 --app.tasks 4"
                              " --engine.executor thread-pool --run.dir-format " +
                              (runs / "{timestamp}").string() + " > " + (scratch.path() / "out.txt").string() +
                              " 2>&1";
  const int status = std::system(command.c_str());
  // sh reports a child killed by SIGSEGV as exit status 128 + 11.
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + 11) << read_text(scratch.path() / "out.txt");
  std::filesystem::path dir;
  for (const auto& entry : std::filesystem::directory_iterator(runs)) dir = entry.path();
  const std::string log = read_text(dir / "log.txt");
  EXPECT_NE(log.find("(taps.host) > run directory: "), std::string::npos) << log;
  EXPECT_NE(log.find("(crashy) > submitted 6 tasks"), std::string::npos) << log;
}

}  // namespace
}  // namespace taps::testing
