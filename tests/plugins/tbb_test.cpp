// The tbb executor, run by the real taps-host: every synthetic structure
// with task data, and a task that raises among ordinary ones.
#include "out_of_process.hpp"

namespace taps::oop_testing {
namespace {

class SyntheticOnTbb : public ::testing::TestWithParam<const char*> {};

TEST_P(SyntheticOnTbb, RunsWithVerifiedDataAndARecordPerTask) {
  Scratch scratch;
  run_synthetic_and_check(scratch, GetParam(), "--engine.executor tbb --engine.executor.workers 2");
}

INSTANTIATE_TEST_SUITE_P(EveryStructure, SyntheticOnTbb, ::testing::Values("bag", "diamond", "reduce", "sequential"),
                         [](const auto& info) { return std::string(info.param); });

TEST(Tbb, ATaskThatRaisesFailsWithItsDependantWhileTheOthersSucceed) {
  Scratch scratch;
  HostProcess host(run_args(scratch, words("--app crashy --app.mode throw --app.tasks 20 --app.delay 0.05"
                                           " --engine.executor tbb --engine.executor.workers 2")),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(60);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  const auto records = read_records(scratch.run_dir() / "tasks.jsonl");
  ASSERT_EQ(records.size(), 22u);
  const auto bad = only(records, "bad");
  const auto dependant = only(records, "dependant");
  ASSERT_EQ(bad.size(), 1u);
  ASSERT_EQ(dependant.size(), 1u);
  EXPECT_EQ(bad[0].exception_type, "std::runtime_error");
  EXPECT_EQ(dependant[0].exception_type, "DependencyError");
  EXPECT_EQ(dependant[0].parents, std::vector<std::string>{bad[0].id});
  for (const auto& r : only(records, "ok")) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
  EXPECT_TRUE(host.workers().empty()) << "tbb runs tasks in taps-host: " << describe({host.workers().begin(), host.workers().end()});
}

}  // namespace
}  // namespace taps::oop_testing
