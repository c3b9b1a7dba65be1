// The mapreduce app run by taps-host on the thread-pool executor: generated
// text split into more map tasks than files, and clear failures for a
// missing data directory and for generating into someone's files.
#include "host_run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <cstdlib>
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

// True when iconv(1) reads the file as UTF-8 from start to end.
bool valid_utf8(const std::filesystem::path& file) {
  return std::system(("iconv -f UTF-8 -t UTF-8 " + file.string() + " > /dev/null 2>&1").c_str()) == 0;
}

TEST(MapreduceOnThreadPool, BinaryInputGivesUtf8OutputsWithTheOtherBytesEscaped) {
  const Scratch scratch;
  std::filesystem::create_directories(scratch.path() / "data");
  {
    // Every byte value, in words of 1..7 bytes, then the same words again:
    // invalid UTF-8, control bytes and NULs are word bytes.
    std::ofstream out(scratch.path() / "data" / "blob.bin", std::ios::binary);
    std::string bytes;
    for (int round = 0; round < 3; ++round) {
      for (int b = 0; b < 256; ++b) {
        bytes += static_cast<char>(b);
        if (b % 7 == 6) bytes += ' ';
      }
    }
    bytes += R"( \xff \xff \xff \xff \xff \xff \xff \xff )";  // backslash words, as text
    out << bytes;
  }
  const HostRun run(scratch, "--app mapreduce --app.data-dir " + (scratch.path() / "data").string() +
                                 " --app.map-tasks 2 --app.top-n 50");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto log = run.run_dir() / "log.txt";
  const auto csv = run.run_dir() / "top_words.csv";
  EXPECT_TRUE(valid_utf8(log)) << read_text(log);
  EXPECT_TRUE(valid_utf8(csv)) << read_text(csv);
  // The text "\xff" (a backslash, x, f, f), counted 8 times, reads back apart
  // from the byte 0xff.
  EXPECT_NE(read_text(csv).find("\\\\xff,8\n"), std::string::npos) << read_text(csv);
  EXPECT_NE(read_text(log).find("\\\\xff (8)"), std::string::npos) << read_text(log);
  // Bytes 0xfc..0xff then 0x00..0x06: a word across two rounds, twice.
  EXPECT_NE(read_text(csv).find(R"(\xfc\xfd\xfe\xff\x00\x01\x02\x03\x04\x05\x06,2)"), std::string::npos)
      << read_text(csv);
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
