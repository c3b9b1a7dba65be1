// A run killed with SIGKILL cannot remove what its transformer stored; its
// run id is recorded (environment.json, log.txt) and `taps-host clean
// RUN_DIR` removes the objects it names, but never a live run's (issue 17,
// item 13).
#include "data_runs.hpp"

#include <signal.h>

#include <thread>

namespace taps::data_testing {
namespace {

class CleanAfterKill : public ::testing::TestWithParam<std::string> {};

/// `taps-host clean DIR`, waited for.
Ending clean(const Scratch& scratch, const fs::path& dir, std::string* output) {
  HostProcess cleaner({"--plugin-path", TAPS_PLUGIN_DIR, "clean", dir.string()}, scratch.path() / "clean.txt");
  const Ending ending = cleaner.wait(60);
  *output = cleaner.output();
  return ending;
}

TEST_P(CleanAfterKill, CleanRemovesWhatTheKilledRunStoredAndRefusesALiveRun) {
  const TransformerSetup transformer{GetParam()};
  if (!transformer.available()) GTEST_SKIP() << "redis-server is not installed";
  Scratch scratch;
  std::vector<std::string> args{"--app", "synthetic", "--app.structure", "bag", "--app.task-count", "1000",
                                "--app.task-sleep", "0.5", "--app.task-data-bytes", "10000",
                                "--app.bag-max-running", "4"};
  const auto with = transformer.args(scratch);
  args.insert(args.end(), with.begin(), with.end());
  HostProcess doomed(run_args(scratch, args), scratch.path() / "out.txt");
  fs::path dir;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    ASSERT_TRUE(doomed.poll()) << "the run ended early:\n" << doomed.output();
    dir = scratch.run_dir();
    if (!dir.empty() && transformer.leftovers(scratch, dir).size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(transformer.leftovers(scratch, dir).size(), 2u) << doomed.output();
  const ShmCleanup cleanup(dir.string());  // should the test fail below

  // The id that names the objects is on record.
  const std::string id = transformers::run_id_of(dir.string());
  const auto environment = oop_testing::read_text(dir / "environment.json");
  EXPECT_NE(environment.find("\"run_id\": \"" + id + "\""), std::string::npos) << environment;
  EXPECT_NE(oop_testing::read_text(dir / "log.txt").find("run id: " + id), std::string::npos);

  std::string output;
  Ending ending = clean(scratch, dir, &output);
  EXPECT_TRUE(ending.exited && ending.exit_status == 1) << to_string(ending) << "\n" << output;
  EXPECT_NE(output.find("is still going"), std::string::npos) << output;
  EXPECT_GE(transformer.leftovers(scratch, dir).size(), 1u) << "clean removed a live run's objects";

  ::kill(doomed.pid(), SIGKILL);
  doomed.wait(10);
  // (shm segments of a dead run may go sooner: any run with the shm
  // transformer that starts now sweeps them, and tests run in parallel.)
  if (GetParam() != "shm") {
    ASSERT_GE(transformer.leftovers(scratch, dir).size(), 1u) << "a killed run cannot clean up";
  }

  ending = clean(scratch, dir, &output);
  EXPECT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << output;
  EXPECT_NE(output.find("removed what run " + id + " stored"), std::string::npos) << output;
  EXPECT_EQ(transformer.leftovers(scratch, dir), std::vector<std::string>{}) << output;
}

INSTANTIATE_TEST_SUITE_P(Transformers, CleanAfterKill, ::testing::Values("redis", "shm", "file"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(Clean, ADirectoryThatIsNoRunIsRefused) {
  Scratch scratch;
  std::string output;
  const Ending ending = clean(scratch, scratch.path(), &output);
  EXPECT_TRUE(ending.exited && ending.exit_status == 1) << to_string(ending) << "\n" << output;
  EXPECT_NE(output.find("is not a run directory: it has no config.toml"), std::string::npos) << output;
}

}  // namespace
}  // namespace taps::data_testing
