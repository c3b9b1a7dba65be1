// data_runs.hpp — whole taps-host runs with a transformer: the options each
// transformer needs, the check that a run left nothing behind, and the
// check that every record carries ordered transform timestamps.
#pragma once

#include "../out_of_process.hpp"
#include "redis_server.hpp"
#include "shm_naming.hpp"

#include "common/run_scope.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace taps::data_testing {

namespace fs = std::filesystem;
using oop_testing::Ending;
using oop_testing::HostProcess;
using oop_testing::Scratch;
using oop_testing::run_args;

/// One redis-server for every run of the test program that needs one.
inline RedisServer* shared_redis_server() {
  static std::unique_ptr<RedisServer> server = redis_server_available() ? std::make_unique<RedisServer>() : nullptr;
  return server.get();
}

/// How a run uses one transformer, and what "nothing left" means for it.
struct TransformerSetup {
  std::string name;

  /// The --engine.transformer options for a run in `scratch`.
  std::vector<std::string> args(const Scratch& scratch) const {
    std::vector<std::string> out{"--engine.transformer", name};
    if (name == "file") {
      out.insert(out.end(), {"--engine.transformer.file-dir", (scratch.path() / "objects").string()});
    } else if (name == "redis") {
      out.insert(out.end(), {"--engine.transformer.host", "127.0.0.1", "--engine.transformer.port",
                             std::to_string(shared_redis_server()->port())});
    }
    return out;
  }

  /// The same options as `key = value` pairs, for a plugin loaded in the test.
  std::map<std::string, std::string> options(const Scratch& scratch) const {
    if (name == "file") return {{"file_dir", (scratch.path() / "objects").string()}};
    if (name == "redis") return {{"host", "127.0.0.1"}, {"port", std::to_string(shared_redis_server()->port())}};
    return {};
  }

  /// Whether a run can use it here.
  bool available() const { return name != "redis" || shared_redis_server() != nullptr; }

  /// Every object the run in `run_dir` stored, still there.
  std::vector<std::string> leftovers(const Scratch& scratch, const fs::path& run_dir) const {
    std::vector<std::string> found;
    if (name == "shm") return shm_segments_of(run_dir.string());
    if (name == "file") {
      std::error_code ec;
      for (const auto& entry : fs::recursive_directory_iterator(scratch.path() / "objects", ec)) {
        found.push_back(entry.path().string());
      }
    } else if (name == "redis") {
      found = shared_redis_server()->strings({"KEYS", "taps:" + transformers::run_id_of(run_dir.string()) + ":*"});
    }
    return found;
  }
};

/// Checks one record's execution block: every timestamp there, in the order
/// the worker takes them.
inline void check_transform_times(const rapidjson::Document& record, const std::string& line) {
  ASSERT_TRUE(record.HasMember("execution") && record["execution"].IsObject()) << line;
  const auto& e = record["execution"];
  const char* order[] = {"execution_start_time",        "input_transform_start_time", "input_transform_end_time",
                         "task_start_time",             "task_end_time",              "result_transform_start_time",
                         "result_transform_end_time",   "execution_end_time"};
  double previous = 0;
  for (const char* field : order) {
    ASSERT_TRUE(e.HasMember(field) && e[field].IsNumber()) << field << " missing in " << line;
    const double value = e[field].GetDouble();
    EXPECT_GT(value, 1e9) << field << " is no Unix time in " << line;
    EXPECT_LE(previous, value) << field << " is out of order in " << line;
    previous = value;
  }
  EXPECT_LE(record["submit_time"].GetDouble(), e["execution_start_time"].GetDouble() + 1e-3) << line;
}

}  // namespace taps::data_testing
