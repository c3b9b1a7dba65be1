// The mapreduce app run by taps-host on the thread-pool executor: generated
// text split into more map tasks than files, and clear failures for a
// missing data directory and for generating into someone's files.
#include "host_run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace taps::testing {
namespace {

TEST(MapreduceOnThreadPool, SplitsFilesByBytesIntoExactlyMapTasksTasksAndCountsEveryWord) {
  const Scratch scratch;
  const HostRun run(scratch, "--app mapreduce --app.data-dir " + (scratch.path() / "data").string() +
                                 " --app.generate true --app.generated-files 3 --app.generated-words 2000"
                                 " --app.map-tasks 13 --engine.executor thread-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"map_task", 13}, {"reduce_task", 1}}));
  const auto summary = read_json(run.run_dir() / "mapreduce.json");
  ASSERT_TRUE(summary.IsObject());
  EXPECT_EQ(summary["files"].GetInt(), 3);
  EXPECT_EQ(summary["words"].GetInt(), 6000);
  EXPECT_EQ(summary["map_tasks"].GetInt(), 13);
  EXPECT_TRUE(std::filesystem::exists(run.run_dir() / "top_words.csv"));
  EXPECT_NE(read_text(run.run_dir() / "log.txt").find("Verified:"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(scratch.path() / "data")) << "generated data is removed";
}

TEST(MapreduceOnThreadPool, SendsTheTextAsPayloadsWhenAsked) {
  const Scratch scratch;
  const HostRun run(scratch, "--app mapreduce --app.data-dir " + (scratch.path() / "data").string() +
                                 " --app.generate true --app.generated-files 2 --app.generated-words 500"
                                 " --app.map-tasks 4 --app.map-input text");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"map_text_task", 4}, {"reduce_task", 1}}));
}

TEST(MapreduceOnTapsHost, FailsClearlyWhenTheDataDirDoesNotExist) {
  const Scratch scratch;
  const HostRun run(scratch, "--app mapreduce --app.data-dir " + (scratch.path() / "nowhere").string());
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_NE(run.output().find("nowhere' is not a directory"), std::string::npos) << run.output();
}

TEST(MapreduceOnTapsHost, RefusesToGenerateIntoADirectoryHoldingFilesAndLeavesThemAlone) {
  const Scratch scratch;
  std::filesystem::create_directories(scratch.path() / "corpus");
  std::ofstream(scratch.path() / "corpus" / "mine.txt") << "keep me\n";
  const HostRun run(scratch, "--app mapreduce --app.generate true --app.data-dir " +
                                 (scratch.path() / "corpus").string());
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_NE(run.output().find("corpus' is not empty"), std::string::npos) << run.output();
  EXPECT_EQ(read_text(scratch.path() / "corpus" / "mine.txt"), "keep me\n");
}

}  // namespace
}  // namespace taps::testing
