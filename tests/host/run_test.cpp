// `taps-host run` end to end with the pure-C fixture plugins (and, when they
// are built, the project's synthetic app, thread-pool executor and jsonl
// logger): the run directory, logs, exit statuses, replay and signals.
#include "test_support.hpp"

#include <rapidjson/document.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <set>
#include <thread>

namespace taps::host {
namespace {

using test::fixture_dir;
using test::read_file;
using test::read_lines;
using test::run_host;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> c_run(std::vector<std::string> more = {}) {
  std::vector<std::string> args{"--plugin-path", fixture_dir("valid").string(), "run",     "--app",
                                "c-squares",     "--engine.executor",           "c-queue", "--engine.logger",
                                "c-lines"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// config.toml without its comments: what a replay must reproduce.
std::string settings_of(const std::filesystem::path& config) {
  std::string out;
  for (const auto& line : read_lines(config)) {
    if (!line.empty() && line[0] != '#') out += line + "\n";
  }
  return out;
}

TEST(Run, WritesTheRunDirectoryAndPrintsItLast) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run({"--app.task-count", "10"}), cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto dir = result.run_dir();
  ASSERT_TRUE(dir.has_value()) << result.out;
  EXPECT_EQ(last_line(result.out), "Run directory: " + dir->string());
  EXPECT_TRUE(dir->is_absolute());
  EXPECT_EQ(dir->parent_path(), std::filesystem::canonical(cwd.path()) / "runs");
  EXPECT_THAT(dir->filename().string(), ::testing::StartsWith("c-squares_c-queue_20"));
  for (const char* file : {"config.toml", "environment.json", "log.txt", "records.txt"}) {
    EXPECT_TRUE(std::filesystem::exists(*dir / file)) << file;
  }
  EXPECT_EQ(read_lines(*dir / "records.txt").size(), 10u);
}

TEST(Run, LogsWithLevelAndSourceToFileAndConsole) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run(), cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string log = read_file(*result.run_dir() / "log.txt");
  // The app's INFO lines are named APP, as the reference names them.
  EXPECT_THAT(log, AllOf(HasSubstr("] INFO (taps.host) > run directory: "), HasSubstr("] APP (c-squares) > verified"),
                         HasSubstr("8 tasks submitted, 8 succeeded, 0 failed")));
  EXPECT_THAT(
      log, ::testing::ContainsRegex(R"(^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\.[0-9]{3}\] INFO \(taps\.host\) > )"));
  EXPECT_THAT(result.err, HasSubstr("APP (c-squares) > verified"));
}

// The reference's harness lines, at its RUN level, in its words.
TEST(Run, LogsTheReferencesRunLines) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run({"--app.task-count", "5"}), cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string log = read_file(*result.run_dir() / "log.txt");
  for (const std::string& line : std::vector<std::string>{
           "] RUN (taps.run) > CLI Arguments: ", "] RUN (taps.run) > Runtime directory: " + result.run_dir()->string(),
        "] RUN (taps.run) > Configuration:\nversion = ", "] RUN (taps.run) > Starting benchmark...",
        "] RUN (taps.run) > Running app...", "] RUN (taps.run) > Finished app (elapsed=",
        "] RUN (taps.run) > Results saved to " + result.run_dir()->string(),
        "] RUN (taps.run) > Finished benchmark (app=c-squares, elapsed="}) {
    EXPECT_THAT(log, HasSubstr(line));
  }
  EXPECT_THAT(log, ::testing::ContainsRegex(R"(Finished benchmark \(app=c-squares, elapsed=[0-9.]+s, tasks=5\))"));
}

// Unset, the file's level is the console's, as in the reference.
TEST(Run, TheFileLevelFollowsTheConsoleLevelUnlessSet) {
  test::ScratchDir cwd;
  const auto quiet = run_host(c_run({"--logging.level", "WARNING"}), cwd.path());
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_THAT(read_file(*quiet.run_dir() / "log.txt"), AllOf(Not(HasSubstr("] INFO")), Not(HasSubstr("] RUN"))));
  const auto verbose = run_host(c_run({"--logging.level", "WARNING", "--logging.file-level", "INFO"}), cwd.path());
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  EXPECT_THAT(read_file(*verbose.run_dir() / "log.txt"), AllOf(HasSubstr("] INFO"), HasSubstr("] RUN")));
}

TEST(Run, HonoursConsoleAndFileLevelsSeparately) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run({"--logging.level", "ERROR", "--logging.file-level", "DEBUG"}), cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("INFO")));
  EXPECT_THAT(read_file(*result.run_dir() / "log.txt"), AllOf(HasSubstr("DEBUG (taps.host) > "), HasSubstr("INFO")));
}

TEST(Run, FailedVerificationExitsWithOneAndSaysWhy) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run({"--app.expect", "wrong"}), cwd.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, AllOf(HasSubstr("run failed"), HasSubstr("VerificationError: sum of squares is 140")));
  ASSERT_TRUE(result.run_dir().has_value());
  EXPECT_THAT(read_file(*result.run_dir() / "log.txt"),
              AllOf(HasSubstr("ERROR (taps.host) > run failed"), HasSubstr("expected 141")));
}

TEST(Run, FailedReasonReachesStderrEvenWhenTheConsoleIsQuiet) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run({"--app.expect", "wrong", "--logging.level", "CRITICAL"}), cwd.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("taps-host: run failed: app 'c-squares' failed: VerificationError"));
}

TEST(Run, PluginThatCannotStartFailsTheRunWithItsMessage) {
  test::ScratchDir cwd;
  const auto result =
      run_host({"--plugin-path", fixture_dir("valid").string(), "--plugin-path", fixture_dir("create-fails").string(),
                "run", "--app", "c-squares", "--engine.executor", "c-unreachable", "--engine.executor.address",
                "db.example:5432", "--engine.logger", "c-lines"},
               cwd.path());
  EXPECT_EQ(result.exit_code, 1);
  // With the error's type, as task errors have it.
  EXPECT_THAT(result.err, AllOf(HasSubstr("executor 'c-unreachable' failed to start: ConnectionError: "),
                                HasSubstr("cannot connect to db.example:5432")));
}

TEST(Run, RunsAnExecutorBuiltForANewerAbiMinor) {
  test::ScratchDir cwd;
  const auto result = run_host({"--plugin-path", fixture_dir("valid").string(), "--plugin-path",
                                fixture_dir("newer-minor").string(), "run", "--app", "c-squares", "--engine.executor",
                                "c-future", "--engine.executor.label", "x", "--engine.logger", "c-lines"},
                               cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_lines(*result.run_dir() / "records.txt").size(), 8u);
}

TEST(Run, RunsWithoutAnyRecordLogger) {
  test::ScratchDir cwd;
  const auto result = run_host({"--plugin-path", fixture_dir("valid").string(), "run", "--app", "c-squares",
                                "--engine.executor", "c-queue", "--engine.logger", "none"},
                               cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(std::filesystem::exists(*result.run_dir() / "records.txt"));
}

TEST(Run, TwoRunsInTheSameSecondGetTwoDirectories) {
  test::ScratchDir cwd;
  const auto first = run_host(c_run({"--run.dir-format", "runs/fixed"}), cwd.path());
  const auto second = run_host(c_run({"--run.dir-format", "runs/fixed"}), cwd.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.run_dir()->filename(), "fixed");
  EXPECT_EQ(second.run_dir()->filename(), "fixed-1");

  // And with the default format, started together.
  std::vector<std::unique_ptr<test::ChildProcess>> runs;
  for (int i = 0; i < 3; ++i) {
    auto args = c_run();
    args.insert(args.begin(), test::isolated_host().string());
    runs.push_back(std::make_unique<test::ChildProcess>(args, cwd.path()));
  }
  std::set<std::filesystem::path> dirs;
  for (auto& run : runs) {
    const auto result = run->wait();
    ASSERT_EQ(result.exit_code, 0) << result.err;
    dirs.insert(*result.run_dir());
  }
  EXPECT_EQ(dirs.size(), 3u);
}

TEST(Run, ConfigFilesMergeInOrderAndTheCommandLineWins) {
  test::ScratchDir cwd;
  test::write_file(cwd.path() / "a.toml",
                   "[app]\nname = \"c-squares\"\ntask_count = 3\n[engine.executor]\nname = \"c-queue\"\n"
                   "[engine.logger]\nname = \"c-lines\"\n");
  test::write_file(cwd.path() / "b.toml", "[app]\ntask-count = 5\n");
  const std::vector<std::string> files{"--plugin-path", fixture_dir("valid").string(), "run", "--config", "a.toml",
                                       "b.toml"};
  auto result = run_host(files, cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_lines(*result.run_dir() / "records.txt").size(), 5u);
  EXPECT_THAT(read_file(*result.run_dir() / "config.toml"), HasSubstr("task_count = 5\n"));

  auto with_cli = files;
  with_cli.insert(with_cli.end(), {"--app.task_count", "7"});
  result = run_host(with_cli, cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_lines(*result.run_dir() / "records.txt").size(), 7u);
}

TEST(Run, ReplayingConfigTomlReproducesTheRun) {
  test::ScratchDir cwd;
  const auto first = run_host(c_run({"--app.task-count", "6", "--app.task-sleep", "0.001", "--app.comment",
                                     "a \"quoted\" note", "--app.labels", R"({"site": "lab", "n": [1, 2]})",
                                     "--logging.file-level", "DEBUG", "--engine.logger.file-name", "out.txt"}),
                              cwd.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto config = *first.run_dir() / "config.toml";
  EXPECT_THAT(read_file(config), AllOf(HasSubstr("[app]\nname = \"c-squares\""), HasSubstr("[engine.executor]"),
                                       HasSubstr("[engine.logger]"), HasSubstr("[logging]"), HasSubstr("[run]"),
                                       HasSubstr("task_sleep = 0.001"), HasSubstr("file_level = \"DEBUG\""),
                                       HasSubstr("labels = { n = [1, 2], site = \"lab\" }")));

  // No --plugin-path for the app: the file names the plugins, the path is
  // still needed to find them.
  const auto replay =
      run_host({"--plugin-path", fixture_dir("valid").string(), "run", "--config", config.string()}, cwd.path());
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_NE(*replay.run_dir(), *first.run_dir());
  EXPECT_EQ(settings_of(*replay.run_dir() / "config.toml"), settings_of(config));
  EXPECT_EQ(read_lines(*replay.run_dir() / "out.txt").size(), 6u);
}

TEST(Run, EnvironmentJsonDescribesTheMachineAndThePlugins) {
  test::ScratchDir cwd;
  const auto result = run_host(c_run(), cwd.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  rapidjson::Document json;
  const std::string text = read_file(*result.run_dir() / "environment.json");
  json.Parse(text.c_str());
  ASSERT_FALSE(json.HasParseError()) << text;
  for (const char* key : {"hostname", "cpu", "memory_total_bytes", "os", "compiler", "taps_version", "sdk_abi",
                          "plugins", "start_time", "command_line"}) {
    EXPECT_TRUE(json.HasMember(key)) << key;
  }
  EXPECT_GE(json["cpu"]["logical_cores"].GetUint(), 1u);
  EXPECT_GT(json["memory_total_bytes"].GetUint64(), 0u);
  ASSERT_EQ(json["plugins"].Size(), 3u);
  EXPECT_STREQ(json["plugins"][1]["name"].GetString(), "c-queue");
  EXPECT_STREQ(json["plugins"][1]["file"].GetString(), (fixture_dir("valid") / "fixture_valid.so").c_str());
  EXPECT_STREQ(json["command_line"][2].GetString(), fixture_dir("valid").c_str());
}

// Starts a slow run and stops it with `signal` once some tasks finished.
void interrupt_run(int signal) {
  test::ScratchDir cwd;
  auto args = c_run({"--app.task-count", "200", "--app.task-sleep", "0.02"});
  args.insert(args.begin(), test::isolated_host().string());
  test::ChildProcess run(args, cwd.path());

  std::filesystem::path records;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(cwd.path() / "runs", ec))
      records = entry.path() / "records.txt";
    if (!records.empty() && read_lines(records).size() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(read_lines(records).size(), 3u) << "the run never got going";
  ASSERT_EQ(kill(run.pid(), signal), 0);
  const auto result = run.wait();

  EXPECT_EQ(result.exit_code, 128 + signal) << result.err;
  const auto finished = read_lines(records).size();
  EXPECT_GE(finished, 3u);
  EXPECT_LT(finished, 200u);
  const std::string name = signal == SIGINT ? "SIGINT" : "SIGTERM";
  EXPECT_THAT(read_file(records.parent_path() / "log.txt"), HasSubstr("WARNING (taps.host) > interrupted by " + name));
  EXPECT_THAT(result.out, HasSubstr("Run directory: " + records.parent_path().string()));
}

TEST(Run, SigintFlushesFinishedRecordsAndExitsWith130) { interrupt_run(SIGINT); }

TEST(Run, SigtermFlushesFinishedRecordsAndExitsWith143) { interrupt_run(SIGTERM); }

#ifdef TAPS_HAVE_REAL_PLUGINS

TEST(RealPlugins, AreFoundNextToTheBuiltBinaryWithoutAnyOption) {
  test::ScratchDir cwd;
  const auto result = test::ChildProcess({test::built_host().string(), "list"}, cwd.path()).wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("synthetic"), HasSubstr("thread-pool"), HasSubstr("jsonl")));
}

TEST(RealPlugins, SyntheticRunsOnTheDefaultExecutorAndLogger) {
  test::ScratchDir cwd;
  const auto result =
      test::ChildProcess({test::built_host().string(), "run", "--app", "synthetic", "--app.task-count", "20"},
                         cwd.path())
          .wait();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto dir = *result.run_dir();
  EXPECT_THAT(dir.filename().string(), ::testing::StartsWith("synthetic_thread-pool_"));
  // The app may add warm-up tasks of its own.
  EXPECT_GE(read_lines(dir / "tasks.jsonl").size(), 20u);
  EXPECT_THAT(read_file(dir / "config.toml"),
              AllOf(HasSubstr("name = \"thread-pool\""), HasSubstr("name = \"jsonl\"")));

  const auto replay =
      test::ChildProcess({test::built_host().string(), "run", "--config", (dir / "config.toml").string()}, cwd.path())
          .wait();
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(settings_of(*replay.run_dir() / "config.toml"), settings_of(dir / "config.toml"));
  EXPECT_EQ(read_lines(*replay.run_dir() / "tasks.jsonl").size(), read_lines(dir / "tasks.jsonl").size());
}

#endif

}  // namespace
}  // namespace taps::host
