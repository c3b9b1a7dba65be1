// The mapreduce app, loaded from its built .so and run on an inline engine
// over text it generates: the tasks it submits, its outputs, its care with
// directories, and that a wrong count fails the run.
#include "app_fixture.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

using Outcome = AppRun;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class MapreduceApp : public AppOnInlineEngine {
 protected:
  MapreduceApp() : AppOnInlineEngine(TAPS_MAPREDUCE_PLUGIN, "mapreduce") {}

  /// Creates the app; on failure the outcome holds create()'s error.
  Outcome run(std::map<std::string, std::string> values,
              std::function<void(const std::string&, taps_buffer&)> tamper = nullptr) {
    return run_app(std::move(values), std::move(tamper));
  }

  std::map<std::string, std::string> generated(const std::string& files, const std::string& words) const {
    return {{"data_dir", (scratch_ / "data").string()},
            {"generate", "true"},
            {"generated_files", files},
            {"generated_words", words}};
  }

  rapidjson::Document summary() const {
    rapidjson::Document d;
    d.Parse(read_text(run_dir_ / "mapreduce.json").c_str());
    return d;
  }
};

TEST_F(MapreduceApp, DeclaresTheReferenceOptionsAndTheOnesItAdds) {
  std::set<std::string> keys;
  for (uint32_t i = 0; i < descriptor_.option_count; ++i) keys.insert(descriptor_.options[i].key);
  EXPECT_EQ(keys, (std::set<std::string>{"data_dir", "map_tasks", "generate", "generated_files", "generated_words",
                                         "seed", "glob", "top_n", "map_input", "lowercase"}));
}

TEST_F(MapreduceApp, CountsEveryGeneratedWordWithOneMapTaskPerSplitAndOneReduce) {
  const auto o = run(generated("3", "1000"));
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(count(o, "map_task"), 32u) << "map_tasks defaults to 32, more than the 3 files";
  EXPECT_EQ(count(o, "reduce_task"), 1u);
  EXPECT_EQ(o.records.back().parents.size(), 32u) << "the reduce reads every map task";
  const auto s = summary();
  ASSERT_TRUE(s.IsObject());
  EXPECT_EQ(s["files"].GetUint64(), 3u);
  EXPECT_EQ(s["words"].GetUint64(), 3000u);
  EXPECT_EQ(s["map_tasks"].GetUint64(), 32u);
  EXPECT_GT(s["bytes"].GetUint64(), 3000u * 2) << "words of at least two syllables, a separator each";
  EXPECT_GT(s["words_per_s"].GetDouble(), 0.0);
  EXPECT_GT(s["mb_per_s"].GetDouble(), 0.0);
}

TEST_F(MapreduceApp, WritesTheTopWordsMostFrequentFirst) {
  auto values = generated("2", "5000");
  values["top_n"] = "5";
  const auto o = run(values);
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  std::istringstream csv(read_text(run_dir_ / "top_words.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "word,count");
  std::vector<std::uint64_t> counts;
  while (std::getline(csv, line)) counts.push_back(std::stoull(line.substr(line.find(',') + 1)));
  ASSERT_EQ(counts.size(), 5u);
  EXPECT_TRUE(std::is_sorted(counts.rbegin(), counts.rend()));
  EXPECT_GT(counts[0], 10000u / 20) << "Zipf: the first word is about a tenth of the text";
}

TEST_F(MapreduceApp, CountsTheSameWhetherTasksReadPathsOrGetTheText) {
  auto values = generated("4", "2000");
  values["map_tasks"] = "6";
  ASSERT_EQ(run(values).status, TAPS_OK);
  const std::string by_path = read_text(run_dir_ / "top_words.csv");
  values["map_input"] = "text";
  const auto o = run(values);
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(count(o, "map_text_task"), 6u);
  EXPECT_EQ(count(o, "map_task"), 0u);
  EXPECT_EQ(read_text(run_dir_ / "top_words.csv"), by_path);
  EXPECT_STREQ(summary()["map_input"].GetString(), "text");
}

TEST_F(MapreduceApp, ReadsOnlyFilesMatchingTheGlobInEverySubdirectory) {
  fs::create_directories(scratch_ / "corpus" / "a" / "b");
  std::ofstream(scratch_ / "corpus" / "one.txt") << "x y z\n";
  std::ofstream(scratch_ / "corpus" / "a" / "b" / "two.txt") << "x y\n";
  std::ofstream(scratch_ / "corpus" / "a" / "skip.json") << "{\"not\": \"counted\"}\n";
  const auto o = run({{"data_dir", (scratch_ / "corpus").string()}, {"glob", "*.txt"}, {"map_tasks", "2"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(summary()["files"].GetUint64(), 2u);
  EXPECT_EQ(summary()["words"].GetUint64(), 5u);
  EXPECT_EQ(read_text(run_dir_ / "top_words.csv"), "word,count\nx,2\ny,2\nz,1\n");
}

TEST_F(MapreduceApp, LowerCasesWordsWhenAsked) {
  fs::create_directories(scratch_ / "corpus");
  std::ofstream(scratch_ / "corpus" / "t.txt") << "The the THE end\n";
  const auto o = run({{"data_dir", (scratch_ / "corpus").string()}, {"lowercase", "true"}, {"map_tasks", "3"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(read_text(run_dir_ / "top_words.csv"), "word,count\nthe,3\nend,1\n");
}

TEST_F(MapreduceApp, RemovesWhatItGeneratedAndKeepsADirectoryItDidNotCreate) {
  fs::create_directories(scratch_ / "data");
  ASSERT_EQ(run(generated("2", "10")).status, TAPS_OK);
  EXPECT_TRUE(fs::is_directory(scratch_ / "data")) << "it existed before";
  EXPECT_TRUE(fs::is_empty(scratch_ / "data"));
  fs::remove(scratch_ / "data");
  ASSERT_EQ(run(generated("2", "10")).status, TAPS_OK);
  EXPECT_FALSE(fs::exists(scratch_ / "data")) << "it created it";
}

TEST_F(MapreduceApp, RefusesToGenerateIntoADirectoryThatIsNotEmptyAndLeavesItAlone) {
  fs::create_directories(scratch_ / "data");
  std::ofstream(scratch_ / "data" / "mine.txt") << "precious\n";
  const auto o = run(generated("2", "10"));
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "ConfigError");
  EXPECT_NE(o.error.message.find("not empty"), std::string::npos) << o.error.message;
  EXPECT_EQ(read_text(scratch_ / "data" / "mine.txt"), "precious\n");
}

TEST_F(MapreduceApp, RefusesADataDirThatDoesNotExist) {
  const auto o = run({{"data_dir", (scratch_ / "missing").string()}});
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "ConfigError");
  EXPECT_NE(o.error.message.find("missing' is not a directory"), std::string::npos) << o.error.message;
}

TEST_F(MapreduceApp, FailsWhenNoFileMatches) {
  fs::create_directories(scratch_ / "corpus");
  std::ofstream(scratch_ / "corpus" / "a.json") << "{}\n";
  const auto o = run({{"data_dir", (scratch_ / "corpus").string()}, {"glob", "*.txt"}});
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "DataError");
}

TEST_F(MapreduceApp, FailsTheRunWhenAMapTaskMiscounts) {
  // Add one to the last count of the first map task's list (its last 8
  // bytes): the total no longer matches the client's own count.
  bool damaged = false;
  const auto o = run(generated("2", "500"), [&](const std::string& fn, taps_buffer& b) {
    if (fn == "map_task" && !damaged) {
      ++b.data[b.size - 8];
      damaged = true;
    }
  });
  ASSERT_TRUE(damaged);
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "VerificationError") << o.error.message;
  EXPECT_FALSE(fs::exists(run_dir_ / "mapreduce.json")) << "no summary of a failed run";
}

TEST_F(MapreduceApp, FailsTheRunWhenTheWordListOfATaskIsCorrupt) {
  const auto o = run(generated("2", "500"), [](const std::string& fn, taps_buffer& b) {
    if (fn == "map_task") b.data[0] ^= 0x40;  // the number of entries
  });
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(count(o, "reduce_task"), 1u);
  EXPECT_FALSE(o.records.back().success) << "the reduce cannot read its inputs";
}

}  // namespace
}  // namespace taps::testing
