// Bad input to the project's real plugins, as a new user types it: each is
// refused up front (exit 2, one line naming the problem) or, when only the
// run can find out, fails the run with a message (exit 1) — never a hang,
// an abort or a run that silently does something else.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace taps::host {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

#ifdef TAPS_HAVE_REAL_PLUGINS

// Under a 4 GB address-space limit: a regression that starts the absurd
// count after all must fail here, not take the machine's memory.
test::ProcessResult run_real(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  std::vector<std::string> argv{"/bin/sh", "-c", "ulimit -v 4000000; exec \"$@\"", "sh", test::built_host().string(),
                                "run"};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::ChildProcess(argv, cwd).wait();
}

TEST(BadInput, ADirectoryGivenAsConfigFileIsRefused) {
  test::ScratchDir cwd;
  const auto result = run_real({"--config", cwd.path().string(), "--app", "synthetic"}, cwd.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("cannot read config file"), HasSubstr("Is a directory")));
}

TEST(BadInput, DurationsThatCannotBeSleptAreRefused) {
  test::ScratchDir cwd;
  for (const char* option : {"--app.task-sleep", "--app.task-std"}) {
    for (const char* value : {"inf", "nan", "1e20", "1e308"}) {
      const auto result = run_real({"--app", "synthetic", option, value}, cwd.path());
      EXPECT_EQ(result.exit_code, 2) << option << " " << value << ": " << result.err;
      EXPECT_THAT(result.err, AllOf(HasSubstr(option), HasSubstr(value)));
    }
  }
  EXPECT_FALSE(std::filesystem::exists(cwd.path() / "runs"));
}

TEST(BadInput, AnAbsurdWorkerCountIsRefusedUpFront) {
  test::ScratchDir cwd;
  for (const char* executor : {"thread-pool", "tbb", "process-pool"}) {
    const auto result =
        run_real({"--app", "synthetic", "--engine.executor", executor, "--engine.executor.workers", "99999999"},
                 cwd.path());
    if (result.err.find("unknown executor") != std::string::npos) continue;  // not built here
    EXPECT_EQ(result.exit_code, 2) << executor << ": " << result.err;
    EXPECT_THAT(result.err, AllOf(HasSubstr("--engine.executor.workers"), HasSubstr("out of range")));
  }
}

// Threads that cannot start (here: 4096 stacks in 1 GB of address space)
// fail the run with the reason, instead of std::terminate.
TEST(BadInput, AWorkerThreadThatCannotStartFailsTheRun) {
  test::ScratchDir cwd;
  const auto result = test::ChildProcess({"/bin/sh", "-c", "ulimit -v 1000000; exec \"$@\"", "sh",
                                          test::built_host().string(), "run", "--app", "synthetic",
                                          "--app.task-count", "10", "--engine.executor.workers", "4096"},
                                         cwd.path())
                          .wait();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("failed to start"), HasSubstr("cannot start worker thread")));
}

#endif

}  // namespace
}  // namespace taps::host
