// Whole runs through taps-host: each transformer with each executor on the
// synthetic app's bag and diamond, with data. Every task succeeds, every
// record carries ordered transform timestamps, the app verifies every data
// block, and nothing the run stored is left afterwards.
#include "data_runs.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace taps::data_testing {
namespace {

using RunCase = std::tuple<std::string, std::string, std::string>;  // transformer, executor, structure

class DataPath : public ::testing::TestWithParam<RunCase> {};

constexpr std::size_t task_count = 6;

/// Runs synthetic with `extra` options and checks what the run left.
void run_and_check(const TransformerSetup& transformer, const std::string& executor, const std::string& structure,
                   const std::vector<std::string>& extra = {}) {
  if (!transformer.available()) GTEST_SKIP() << "redis-server is not installed";
  Scratch scratch;
  std::vector<std::string> args{"--app", "synthetic", "--app.structure", structure, "--app.task-count",
                                std::to_string(task_count), "--app.task-data-bytes", "20001",
                                "--app.bag-max-running", "3", "--app.warmup-tasks", "1", "--engine.executor",
                                executor, "--engine.executor.workers", "2"};
  const auto with = transformer.args(scratch);
  args.insert(args.end(), with.begin(), with.end());
  args.insert(args.end(), extra.begin(), extra.end());
  HostProcess host(run_args(scratch, args), scratch.path() / "out.txt");
  const Ending& ending = host.wait(60);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();

  const fs::path dir = scratch.run_dir();
  ASSERT_FALSE(dir.empty());
  const auto records = oop_testing::read_records(dir / "tasks.jsonl", check_transform_times);
  const std::size_t noops = task_count + (structure == "diamond" ? 2 : 0);
  ASSERT_EQ(records.size(), noops + 1) << "noop tasks plus one warmup";
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_type << ": " << r.exception_message;
  oop_testing::check_synthetic_shape(structure, oop_testing::only(records, "noop"), task_count);
  EXPECT_EQ(transformer.leftovers(scratch, dir), std::vector<std::string>{}) << "the run left objects behind";
}

TEST_P(DataPath, EveryTaskSucceedsWithOrderedTransformTimesAndNothingIsLeft) {
  const auto& [transformer, executor, structure] = GetParam();
  run_and_check({transformer}, executor, structure);
}

std::vector<std::string> executors() {
  std::vector<std::string> out{"thread-pool", "process-pool"};
#ifdef TAPS_HAVE_TBB
  out.push_back("tbb");
#endif
  return out;
}

INSTANTIATE_TEST_SUITE_P(Matrix, DataPath,
                         ::testing::Combine(::testing::Values("shm", "file", "redis"), ::testing::ValuesIn(executors()),
                                            ::testing::Values("bag", "diamond")),
                         [](const ::testing::TestParamInfo<RunCase>& info) {
                           std::string name = std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" +
                                              std::get<2>(info.param);
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(DataPathLifetime, SharedMemoryStaysBoundedWhileALongBagRuns) {
  // Without drops every task would leave three segments (its two arguments
  // and its result) until shutdown: 900 here.
  Scratch scratch;
  HostProcess host(run_args(scratch, {"--app", "synthetic", "--app.structure", "bag", "--app.task-count", "300",
                                      "--app.task-sleep", "0.005", "--app.task-data-bytes", "50000",
                                      "--app.bag-max-running", "4", "--engine.executor", "process-pool",
                                      "--engine.executor.workers", "2", "--engine.transformer", "shm"}),
                   scratch.path() / "out.txt");
  std::size_t most = 0;
  const Ending& ending = host.wait(120, [&] {
    const fs::path dir = scratch.run_dir();
    if (!dir.empty()) most = std::max(most, shm_segments_of(dir.string()).size());
  });
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  const auto records = oop_testing::read_records(scratch.run_dir() / "tasks.jsonl");
  EXPECT_EQ(records.size(), 301u);
  // 4 tasks in flight x (2 arguments + 1 result), the 4 results the app
  // holds and the owner marker make 17; drops are freed in the background,
  // so a loaded machine lags behind by some more.
  EXPECT_GT(most, 1u) << "the run stored nothing?";
  EXPECT_LE(most, 150u);
  EXPECT_EQ(shm_segments_of(scratch.run_dir().string()), std::vector<std::string>{});
}

TEST(DataPathFilters, AnObjectTypeListFromTheCommandLineSelectsPayloads) {
  run_and_check({"shm"}, "process-pool", "diamond",
                {"--engine.filter", "object-type", "--engine.filter.patterns", R"(["^bytes$", "^never-used$"])"});
}

TEST(DataPathFilters, AnObjectSizeRangeFromTheCommandLineSelectsPayloads) {
  run_and_check({"file"}, "process-pool", "bag",
                {"--engine.filter", "object-size", "--engine.filter.min-size", "1000", "--engine.filter.max-size",
                 "1000000"});
}

TEST(DataPathFilters, AnInvertedSizeRangeFailsTheRunBeforeAnyTaskRuns) {
  Scratch scratch;
  HostProcess host(run_args(scratch, {"--app", "synthetic", "--app.task-count", "2", "--engine.transformer", "shm",
                                      "--engine.filter", "object-size", "--engine.filter.min-size", "10",
                                      "--engine.filter.max-size", "5"}),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(60);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0);
  EXPECT_NE(host.output().find("min_size (10 bytes) is larger than max_size (5 bytes)"), std::string::npos)
      << host.output();
  EXPECT_EQ(shm_segments_of(scratch.run_dir().string()), std::vector<std::string>{});
}

TEST(DataPathFilters, TheObjectTypeListReadsBackFromTheRunsConfigFile) {
  // Replaying config.toml gives the same list: the value survives TOML.
  Scratch first;
  HostProcess host(run_args(first, {"--app", "synthetic", "--app.task-count", "2", "--engine.transformer", "shm",
                                    "--engine.filter", "object-type", "--engine.filter.patterns",
                                    R"(["^bytes$", "x\"y"])"}),
                   first.path() / "out.txt");
  ASSERT_EQ(host.wait(60).exit_status, 0) << host.output();
  Scratch second;
  HostProcess replay(run_args(second, {"--config", (first.run_dir() / "config.toml").string()}),
                     second.path() / "out.txt");
  ASSERT_EQ(replay.wait(60).exit_status, 0) << replay.output();
  auto patterns_line = [](const fs::path& config) {
    std::istringstream in(oop_testing::read_text(config));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("patterns", 0) == 0) return line;
    }
    return std::string("no patterns line");
  };
  const std::string line = patterns_line(first.run_dir() / "config.toml");
  EXPECT_NE(line.find("^bytes$"), std::string::npos) << line;
  EXPECT_EQ(patterns_line(second.run_dir() / "config.toml"), line);
}

}  // namespace
}  // namespace taps::data_testing
