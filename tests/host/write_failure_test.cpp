// A run whose files cannot be written (a full disk, a file size limit) fails
// with exit status 1 and a message naming the file and the cause, and
// tasks.jsonl keeps only complete records. A full disk is made real two
// ways: /dev/full (every write fails with ENOSPC) and RLIMIT_FSIZE (writes
// past the limit fail with EFBIG), set by /bin/sh's `ulimit -f` with
// SIGXFSZ ignored, as both are inherited across exec.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace taps::host {
namespace {

using test::read_file;
using test::read_lines;
using ::testing::AllOf;
using ::testing::HasSubstr;

#ifdef TAPS_HAVE_REAL_PLUGINS

// taps-host run with `args`, every file it writes limited to `limit_bytes`
// (a multiple of 512, the unit of dash's ulimit -f).
test::ProcessResult run_limited(std::size_t limit_bytes, const std::vector<std::string>& args,
                                const std::filesystem::path& cwd) {
  std::vector<std::string> argv{"/bin/sh", "-c", "trap '' XFSZ; ulimit -f \"$1\"; shift; exec \"$@\"", "sh",
                                std::to_string(limit_bytes / 512), test::built_host().string(), "run"};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::ChildProcess(argv, cwd).wait();
}

std::filesystem::path only_run_dir(const std::filesystem::path& cwd) {
  std::filesystem::path found;
  for (const auto& entry : std::filesystem::directory_iterator(cwd / "runs")) found = entry.path();
  return found;
}

TEST(WriteFailure, RecordsToAFullDeviceFailTheRunNamingFileAndCause) {
  test::ScratchDir cwd;
  const auto result = test::ChildProcess({test::built_host().string(), "run", "--app", "synthetic",
                                          "--app.task-count", "200", "--engine.logger.file-name", "/dev/full"},
                                         cwd.path())
                          .wait();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("run failed"), HasSubstr("/dev/full"),
                                HasSubstr("No space left on device"), HasSubstr("records were lost")));
}

TEST(WriteFailure, TasksJsonlPastTheLimitEndsInACompleteRecord) {
  test::ScratchDir cwd;
  // Room for config.toml, environment.json and log.txt; tasks.jsonl of
  // 20000 records (about 600 bytes each) outgrows it.
  const auto result = run_limited(64 * 1024, {"--app", "synthetic", "--app.task-count", "20000"}, cwd.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("tasks.jsonl"), HasSubstr("File too large")));
  const auto dir = only_run_dir(cwd.path());
  const std::string records = read_file(dir / "tasks.jsonl");
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back(), '\n');
  for (const auto& line : read_lines(dir / "tasks.jsonl")) {
    ASSERT_TRUE(line.front() == '{' && line.back() == '}') << line;
  }
  // The log still says what happened.
  EXPECT_THAT(read_file(dir / "log.txt"), AllOf(HasSubstr("tasks.jsonl"), HasSubstr("run failed")));
}

TEST(WriteFailure, ALogThatCannotBeWrittenFailsTheRun) {
  test::ScratchDir cwd;
  // config.toml and environment.json fit in 3 KB; a DEBUG log.txt does not.
  const auto result = run_limited(3 * 1024,
                                  {"--app", "synthetic", "--app.task-count", "200", "--engine.logger", "none",
                                   "--logging.file-level", "DEBUG"},
                                  cwd.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("cannot write the run's log"), HasSubstr("log.txt"),
                                HasSubstr("File too large")));
}

TEST(WriteFailure, AConfigTomlThatCannotBeWrittenSaysWhy) {
  test::ScratchDir cwd;
  const auto result = run_limited(512, {"--app", "synthetic", "--app.task-count", "10"}, cwd.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("cannot write "), HasSubstr("config.toml: File too large")));
}

#endif

}  // namespace
}  // namespace taps::host
