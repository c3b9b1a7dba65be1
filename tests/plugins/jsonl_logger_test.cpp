// The jsonl logger, loaded from its built .so with a fake host.
#include "fake_host.hpp"
#include "plugin_library.hpp"

#include <gtest/gtest.h>
#include <taps/error.hpp>
#include <rapidjson/document.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "taps-jsonl-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

rapidjson::Document parse(const std::string& line) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseFullPrecisionFlag>(line.c_str());
  EXPECT_FALSE(d.HasParseError()) << line;
  return d;
}

taps_task_record successful_record(const char* id) {
  static const char* const parents[] = {"parent-a", "parent-b"};
  taps_task_record r{};
  r.struct_size = sizeof r;
  r.task_id = id;
  r.function_name = "noop";
  r.parent_count = 2;
  r.parent_task_ids = parents;
  r.submit_time = 1700000000.123456789;
  r.received_time = 1700000000.9;
  r.success = 1;
  r.has_execution = 1;
  r.hostname = "node-1";
  r.execution_start_time = 1700000000.2;
  r.execution_end_time = 1700000000.8;
  r.task_start_time = 1700000000.3;
  r.task_end_time = 1700000000.7;
  r.input_transform_start_time = 1700000000.21;
  r.input_transform_end_time = 1700000000.22;
  r.result_transform_start_time = 1700000000.71;
  r.result_transform_end_time = 1700000000.72;
  return r;
}

class JsonlLogger : public ::testing::Test {
 protected:
  JsonlLogger() : library_(TAPS_JSONL_PLUGIN), descriptor_(library_.plugin(TAPS_KIND_LOGGER, "jsonl")) {
    run_info_.struct_size = sizeof run_info_;
    run_info_.run_dir = run_dir_string_.c_str();
    host_.provide(TAPS_INTERFACE_RUN, &run_info_);
  }

  Instance create(std::map<std::string, std::string> values = {}) {
    return Instance(descriptor_, host_.get(), config_with_defaults(descriptor_, std::move(values)));
  }
  static taps_status write(const Instance& logger, const taps_task_record& record) {
    return logger.methods<taps_logger_methods>().write(logger.self(), &record, nullptr);
  }
  static taps_status flush(const Instance& logger) {
    return logger.methods<taps_logger_methods>().flush(logger.self(), nullptr);
  }

  TempDir run_dir_;
  std::string run_dir_string_ = run_dir_.path().string();
  taps_run_info run_info_{};
  FakeHost host_;
  PluginLibrary library_;
  const taps_plugin_descriptor& descriptor_;
};

TEST_F(JsonlLogger, WritesTheReferenceFieldsOfASuccessfulTask) {
  auto logger = create();
  ASSERT_EQ(logger.status(), TAPS_OK) << logger.error().message;
  ASSERT_EQ(write(logger, successful_record("t-1")), TAPS_OK);
  ASSERT_EQ(flush(logger), TAPS_OK);

  const auto lines = read_lines(run_dir_.path() / "tasks.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  const auto d = parse(lines[0]);
  EXPECT_STREQ(d["task_id"].GetString(), "t-1");
  EXPECT_STREQ(d["function_name"].GetString(), "noop");
  EXPECT_STREQ(d["name"].GetString(), "noop");
  ASSERT_EQ(d["parent_task_ids"].Size(), 2u);
  EXPECT_STREQ(d["parent_task_ids"][1].GetString(), "parent-b");
  EXPECT_EQ(d["submit_time"].GetDouble(), 1700000000.123456789);  // every bit survives
  EXPECT_EQ(d["received_time"].GetDouble(), 1700000000.9);
  EXPECT_TRUE(d["success"].GetBool());
  EXPECT_TRUE(d["exception"].IsNull());
  const auto& e = d["execution"];
  EXPECT_STREQ(e["hostname"].GetString(), "node-1");
  EXPECT_EQ(e["execution_start_time"].GetDouble(), 1700000000.2);
  EXPECT_EQ(e["execution_end_time"].GetDouble(), 1700000000.8);
  EXPECT_EQ(e["task_start_time"].GetDouble(), 1700000000.3);
  EXPECT_EQ(e["task_end_time"].GetDouble(), 1700000000.7);
  EXPECT_EQ(e["input_transform_start_time"].GetDouble(), 1700000000.21);
  EXPECT_EQ(e["input_transform_end_time"].GetDouble(), 1700000000.22);
  EXPECT_EQ(e["result_transform_start_time"].GetDouble(), 1700000000.71);
  EXPECT_EQ(e["result_transform_end_time"].GetDouble(), 1700000000.72);
}

TEST_F(JsonlLogger, WritesTheExceptionOfAFailedTaskThatNeverRan) {
  auto logger = create();
  ASSERT_EQ(logger.status(), TAPS_OK);
  auto r = successful_record("t-2");
  r.success = 0;
  r.exception_type = "DependencyError";
  r.exception_message = "parent \"t-1\" failed\n";
  r.exception_traceback = nullptr;
  r.has_execution = 0;
  ASSERT_EQ(write(logger, r), TAPS_OK);
  logger.reset();

  const auto lines = read_lines(run_dir_.path() / "tasks.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  const auto d = parse(lines[0]);
  EXPECT_FALSE(d["success"].GetBool());
  EXPECT_STREQ(d["exception"]["type"].GetString(), "DependencyError");
  EXPECT_STREQ(d["exception"]["message"].GetString(), "parent \"t-1\" failed\n");
  EXPECT_TRUE(d["exception"]["traceback"].IsNull());
  EXPECT_TRUE(d["execution"].IsNull());
}

TEST_F(JsonlLogger, EscapesEveryCharacterJsonRequiresInStrings) {
  auto logger = create();
  ASSERT_EQ(logger.status(), TAPS_OK);
  const std::string message = "quote \" backslash \\ newline \n tab \t cr \r bell \x07 unit \x1f utf-8 \xc3\xa9 end";
  auto r = successful_record("t-3");
  r.success = 0;
  r.exception_type = "std::runtime_error";
  r.exception_message = message.c_str();
  r.exception_traceback = "frame 1\nframe 2";
  ASSERT_EQ(write(logger, r), TAPS_OK);
  logger.reset();

  const auto lines = read_lines(run_dir_.path() / "tasks.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  const auto d = parse(lines[0]);
  EXPECT_EQ(std::string(d["exception"]["message"].GetString()), message);
  EXPECT_STREQ(d["exception"]["traceback"].GetString(), "frame 1\nframe 2");
}

TEST_F(JsonlLogger, WritesTimesThatReadBackBitForBit) {
  auto logger = create();
  ASSERT_EQ(logger.status(), TAPS_OK);
  // Unix times near now and far away, values of other magnitudes, and the
  // edges of the fast fixed-point path.
  const std::vector<double> times = {1795344114.6620575, 1795344116.9999999, 1e8,      99999999.999999985,
                                     999999999999999.9,  0.0,                1.5e-300, 123.456,
                                     4e15,               1700000000.0};
  for (double t : times) {
    auto r = successful_record("t");
    r.submit_time = t;
    r.received_time = std::nextafter(t, 1e300);
    ASSERT_EQ(write(logger, r), TAPS_OK);
  }
  logger.reset();

  const auto lines = read_lines(run_dir_.path() / "tasks.jsonl");
  ASSERT_EQ(lines.size(), times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    const auto d = parse(lines[i]);
    EXPECT_EQ(d["submit_time"].GetDouble(), times[i]) << lines[i];
    EXPECT_EQ(d["received_time"].GetDouble(), std::nextafter(times[i], 1e300)) << lines[i];
  }
}

TEST_F(JsonlLogger, WritesNullForATimeThatIsNotANumber) {
  auto logger = create();
  ASSERT_EQ(logger.status(), TAPS_OK);
  auto r = successful_record("t");
  r.input_transform_start_time = std::nan("");
  ASSERT_EQ(write(logger, r), TAPS_OK);
  logger.reset();
  const auto d = parse(read_lines(run_dir_.path() / "tasks.jsonl").at(0));
  EXPECT_TRUE(d["execution"]["input_transform_start_time"].IsNull());
}

TEST_F(JsonlLogger, FlushMakesWrittenRecordsVisibleInTheFile) {
  auto logger = create();
  ASSERT_EQ(logger.status(), TAPS_OK);
  ASSERT_EQ(write(logger, successful_record("a")), TAPS_OK);
  ASSERT_EQ(write(logger, successful_record("b")), TAPS_OK);
  ASSERT_EQ(flush(logger), TAPS_OK);
  EXPECT_EQ(read_lines(run_dir_.path() / "tasks.jsonl").size(), 2u);
}

TEST_F(JsonlLogger, KeepsEveryRecordWhenWorkersWriteAndFlushConcurrently) {
  auto logger = create({{"file_name", "records.jsonl"}});
  ASSERT_EQ(logger.status(), TAPS_OK);
  constexpr int threads = 4;
  constexpr int per_thread = 20000;
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        ASSERT_EQ(write(logger, successful_record(id.c_str())), TAPS_OK);
        if (i % 1000 == 0) {
          ASSERT_EQ(flush(logger), TAPS_OK);
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  logger.reset();

  const auto lines = read_lines(run_dir_.path() / "records.jsonl");
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * per_thread));
  std::set<std::string> ids;
  for (const auto& line : lines) ids.insert(parse(line)["task_id"].GetString());
  EXPECT_EQ(ids.size(), lines.size());
}

TEST_F(JsonlLogger, WritesAnAbsoluteFileNameWhereItPoints) {
  TempDir elsewhere;
  const auto path = elsewhere.path() / "abs.jsonl";
  auto logger = create({{"file_name", path.string()}});
  ASSERT_EQ(logger.status(), TAPS_OK);
  ASSERT_EQ(write(logger, successful_record("x")), TAPS_OK);
  logger.reset();
  EXPECT_EQ(read_lines(path).size(), 1u);
  EXPECT_FALSE(fs::exists(run_dir_.path() / "abs.jsonl"));
}

TEST_F(JsonlLogger, ResolvesARelativeFileNameAgainstTheWorkingDirectoryWithoutARunDirectory) {
  FakeHost bare_host;  // offers no TAPS_INTERFACE_RUN
  TempDir cwd;
  const auto previous = fs::current_path();
  fs::current_path(cwd.path());
  {
    Instance logger(descriptor_, bare_host.get(), config_with_defaults(descriptor_, {}));
    ASSERT_EQ(logger.status(), TAPS_OK);
  }
  fs::current_path(previous);
  EXPECT_TRUE(fs::exists(cwd.path() / "tasks.jsonl"));
}

TEST_F(JsonlLogger, AFailedWriteFailsThisAndEveryLaterCallNamingFileAndCause) {
  auto logger = create({{"file_name", "/dev/full"}});
  ASSERT_EQ(logger.status(), TAPS_OK);
  ASSERT_EQ(write(logger, successful_record("a")), TAPS_OK);  // buffered
  taps::detail::ErrorCapture error;
  const auto sink = error.sink();
  ASSERT_NE(logger.methods<taps_logger_methods>().flush(logger.self(), &sink), TAPS_OK);
  EXPECT_NE(error.message.find("/dev/full"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("No space left on device"), std::string::npos) << error.message;
  EXPECT_NE(write(logger, successful_record("b")), TAPS_OK);
  EXPECT_NE(flush(logger), TAPS_OK);
}

TEST_F(JsonlLogger, RefusesToCreateWhenTheFileCannotBeOpened) {
  auto logger = create({{"file_name", "missing-dir/tasks.jsonl"}});
  EXPECT_NE(logger.status(), TAPS_OK);
  EXPECT_NE(logger.error().message.find("missing-dir/tasks.jsonl"), std::string::npos) << logger.error().message;
  EXPECT_EQ(logger.self(), nullptr);
}

}  // namespace
}  // namespace taps::testing
