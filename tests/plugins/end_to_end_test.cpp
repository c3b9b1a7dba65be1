// Every synthetic structure, run by taps-host on the thread-pool executor
// with the jsonl logger: exit status, task records and synthetic.json.
#include "task_records.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using taps::testing::check_synthetic_shape;
using taps::testing::only;
using taps::testing::read_records;
using taps::testing::Record;

namespace fs = std::filesystem;

constexpr int task_count = 40;
constexpr int data_bytes = 1001;  // not a multiple of 8: partial last words travel too

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SyntheticOnThreadPool : public ::testing::TestWithParam<const char*> {
 protected:
  SyntheticOnThreadPool() {
    std::string pattern = (fs::temp_directory_path() / "taps-e2e-XXXXXX").string();
    scratch_ = mkdtemp(pattern.data());
  }
  ~SyntheticOnThreadPool() override {
    if (!HasFailure()) fs::remove_all(scratch_);
  }

  /// Runs taps-host; returns its exit status. Output goes to scratch/out.txt.
  int run_host(const std::string& structure) {
    const std::string command = std::string(TAPS_HOST_BINARY) + " --plugin-path " TAPS_PLUGIN_DIR +
                                " run --app synthetic --app.structure " + structure +
                                " --app.task-count " + std::to_string(task_count) +
                                " --app.task-data-bytes " + std::to_string(data_bytes) +
                                " --app.bag-max-running 4 --app.warmup-tasks 1" +
                                " --engine.executor thread-pool --engine.executor.workers 2" +
                                " --run.dir-format " + (scratch_ / "{timestamp}").string() + " > " +
                                (scratch_ / "out.txt").string() + " 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path run_dir() const {
    for (const auto& entry : fs::directory_iterator(scratch_)) {
      if (entry.is_directory()) return entry.path();
    }
    return {};
  }

  static void check_fields(const rapidjson::Document& d, const std::string& line) {
    for (const char* key : {"task_id", "function_name", "name"}) {
      ASSERT_TRUE(d.HasMember(key) && d[key].IsString()) << key << " in " << line;
    }
    ASSERT_TRUE(d.HasMember("parent_task_ids") && d["parent_task_ids"].IsArray()) << line;
    ASSERT_TRUE(d.HasMember("success") && d["success"].IsTrue()) << line;
    ASSERT_TRUE(d.HasMember("exception") && d["exception"].IsNull()) << line;
    ASSERT_TRUE(d.HasMember("execution") && d["execution"].IsObject()) << line;
    const auto& e = d["execution"];
    ASSERT_TRUE(e.HasMember("hostname") && e["hostname"].IsString()) << line;
    for (const char* key : {"input_transform_start_time", "input_transform_end_time",
                            "result_transform_start_time", "result_transform_end_time"}) {
      ASSERT_TRUE(e.HasMember(key) && e[key].IsNumber()) << key << " in " << line;
    }
    // The life of a task, in order, on one clock.
    const double times[] = {d["submit_time"].GetDouble(),         e["execution_start_time"].GetDouble(),
                            e["task_start_time"].GetDouble(),     e["task_end_time"].GetDouble(),
                            e["execution_end_time"].GetDouble(),  d["received_time"].GetDouble()};
    EXPECT_TRUE(std::is_sorted(std::begin(times), std::end(times))) << line;
  }

  fs::path scratch_;
};

std::size_t count_function(const std::vector<Record>& records, const std::string& function) {
  return static_cast<std::size_t>(
      std::count_if(records.begin(), records.end(), [&](const Record& r) { return r.function == function; }));
}

TEST_P(SyntheticOnThreadPool, RunsWithVerifiedDataAndWritesARecordPerTask) {
  const std::string structure = GetParam();
  ASSERT_EQ(run_host(structure), 0) << read_file(scratch_ / "out.txt");
  const fs::path dir = run_dir();
  ASSERT_FALSE(dir.empty()) << "no run directory under " << scratch_;

  const std::size_t extra = structure == "diamond" ? 2 : structure == "reduce" ? 1 : 0;
  const auto records = read_records(dir / "tasks.jsonl", check_fields);
  ASSERT_EQ(records.size(), task_count + extra + 1) << "records of noop tasks plus one warmup";
  EXPECT_EQ(count_function(records, "warmup"), 1u);
  const auto noops = only(records, "noop");
  ASSERT_EQ(noops.size(), task_count + extra);
  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(r.id);
  EXPECT_EQ(ids.size(), records.size()) << "task ids are unique";
  check_synthetic_shape(structure, noops, static_cast<std::size_t>(task_count));

  rapidjson::Document summary;
  summary.Parse(read_file(dir / "synthetic.json").c_str());
  ASSERT_TRUE(summary.IsObject()) << "synthetic.json";
  EXPECT_STREQ(summary["structure"].GetString(), structure.c_str());
  EXPECT_EQ(summary["task_count"].GetUint64(), static_cast<std::uint64_t>(task_count));
  EXPECT_EQ(summary["tasks"].GetUint64(), task_count + extra);
  EXPECT_EQ(summary["task_data_bytes"].GetUint64(), static_cast<std::uint64_t>(data_bytes));
  EXPECT_GT(summary["seconds"].GetDouble(), 0.0);
  EXPECT_GT(summary["tasks_per_s"].GetDouble(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(EveryStructure, SyntheticOnThreadPool,
                         ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
