// Replaying a run of an out-of-tree plugin (issue 17 item 14): config.toml
// records the plugin directories the run searched and each plugin's
// version, so `taps-host run --config <run>/config.toml` needs no
// --plugin-path and says when a plugin it loads has changed.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace taps::host {
namespace {

using test::fixture_dir;
using test::read_file;
using test::run_host;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The fixtures live outside taps-host's own plugin directories (the
// isolated host has none), as an out-of-tree plugin does.
std::filesystem::path first_run(const test::ScratchDir& cwd) {
  const auto result = run_host({"--plugin-path", fixture_dir("valid").string(), "run", "--app", "c-squares",
                                "--engine.executor", "c-queue", "--engine.logger", "c-lines", "--app.task-count", "3"},
                               cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.run_dir().value_or(std::filesystem::path());
}

TEST(Replay, FindsTheRunsPluginsWithoutAPluginPath) {
  test::ScratchDir cwd;
  const auto dir = first_run(cwd);
  const std::string config = read_file(dir / "config.toml");
  EXPECT_THAT(config, AllOf(HasSubstr("[plugins]\npath = [\"" + std::filesystem::absolute(fixture_dir("valid"))
                                                                      .lexically_normal()
                                                                      .string()),
                            HasSubstr("app = \"c-squares 1."), HasSubstr("\"engine.executor\" = \"c-queue ")));

  // From another directory, with nothing but the file.
  test::ScratchDir elsewhere;
  const auto replay = run_host({"run", "--config", (dir / "config.toml").string()}, elsewhere.path());
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_THAT(replay.err, Not(HasSubstr("WARNING")));
  EXPECT_EQ(test::read_lines(*replay.run_dir() / "records.txt").size(), 3u);
}

TEST(Replay, WarnsWhenAReplayedPluginHasAnotherVersion) {
  test::ScratchDir cwd;
  const auto dir = first_run(cwd);
  std::string config = read_file(dir / "config.toml");
  const std::string recorded = "app = \"c-squares ";
  const auto at = config.find(recorded);
  ASSERT_NE(at, std::string::npos) << config;
  const auto end = config.find('"', at + recorded.size());
  const std::string version = config.substr(at + recorded.size(), end - at - recorded.size());
  config.replace(at + recorded.size(), end - at - recorded.size(), "0.0.1");
  test::write_file(cwd.path() / "old.toml", config);

  const auto replay = run_host({"run", "--config", (cwd.path() / "old.toml").string()}, cwd.path());
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const std::string log = read_file(*replay.run_dir() / "log.txt");
  EXPECT_THAT(log, AllOf(HasSubstr("WARNING"), HasSubstr("old.toml: [plugins] recorded app 'c-squares' 0.0.1"),
                         HasSubstr("this run loads version " + version)));
}

TEST(Replay, AMissingRecordedDirectoryLeavesTheUsualUnknownPluginError) {
  test::ScratchDir cwd;
  test::write_file(cwd.path() / "gone.toml",
                   "[app]\nname = \"c-squares\"\n[plugins]\npath = [\"/nonexistent/plugins\"]\n");
  const auto replay = run_host({"run", "--config", (cwd.path() / "gone.toml").string()}, cwd.path());
  EXPECT_EQ(replay.exit_code, 2);
  EXPECT_THAT(replay.err, AllOf(HasSubstr("unknown app 'c-squares'"), HasSubstr("/nonexistent/plugins")));
}

}  // namespace
}  // namespace taps::host
