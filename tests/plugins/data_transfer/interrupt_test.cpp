// SIGINT and SIGTERM end a run with what the transformer stored removed,
// as a normal end removes it: no Redis key taps:<run>:..., no shm segment,
// no payload file is left (issue 17, item 3).
#include "data_runs.hpp"

#include <signal.h>

#include <thread>
#include <tuple>

namespace taps::data_testing {
namespace {

using InterruptCase = std::tuple<std::string, std::string, int>;  // transformer, executor, signal

class Interrupted : public ::testing::TestWithParam<InterruptCase> {};

TEST_P(Interrupted, TheRunEndsWithNothingItStoredLeft) {
  const auto& [name, executor, signal] = GetParam();
  const TransformerSetup transformer{name};
  if (!transformer.available()) GTEST_SKIP() << "redis-server is not installed";
  Scratch scratch;
  // Tasks that take long enough to be interrupted mid-flight, each with a
  // payload the transformer stores.
  std::vector<std::string> args{"--app", "synthetic", "--app.structure", "bag", "--app.task-count", "1000",
                                "--app.task-sleep", "0.5", "--app.task-data-bytes", "10000",
                                "--app.bag-max-running", "4", "--engine.executor", executor,
                                "--engine.executor.workers", "2"};
  const auto with = transformer.args(scratch);
  args.insert(args.end(), with.begin(), with.end());
  HostProcess host(run_args(scratch, args), scratch.path() / "out.txt");

  fs::path dir;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    ASSERT_TRUE(host.poll()) << "the run ended early:\n" << host.output();
    dir = scratch.run_dir();
    if (!dir.empty() && transformer.leftovers(scratch, dir).size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(transformer.leftovers(scratch, dir).size(), 2u) << "no objects stored mid-run:\n" << host.output();
  const ShmCleanup cleanup(dir.string());  // should the test fail below

  ::kill(host.pid(), signal);
  const Ending& ending = host.wait(30);
  ASSERT_TRUE(ending.exited) << to_string(ending) << "\n" << host.output();
  EXPECT_EQ(ending.exit_status, 128 + signal) << host.output();
  EXPECT_EQ(transformer.leftovers(scratch, dir), std::vector<std::string>{}) << "the interrupted run left objects";
  const std::string log = oop_testing::read_text(dir / "log.txt");
  EXPECT_NE(log.find(std::string("interrupted by ") + (signal == SIGINT ? "SIGINT" : "SIGTERM")), std::string::npos)
      << log;
  // Its workers die with it.
  EXPECT_TRUE(oop_testing::still_running_after(host.workers(), 5).empty());
  oop_testing::reap_strays();
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupted,
                         ::testing::Values(InterruptCase{"redis", "thread-pool", SIGINT},
                                           InterruptCase{"redis", "process-pool", SIGTERM},
                                           InterruptCase{"shm", "thread-pool", SIGINT},
                                           InterruptCase{"shm", "process-pool", SIGINT},
                                           InterruptCase{"file", "thread-pool", SIGTERM}),
                         [](const ::testing::TestParamInfo<InterruptCase>& info) {
                           std::string name = std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" +
                                              (std::get<2>(info.param) == SIGINT ? "SIGINT" : "SIGTERM");
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace taps::data_testing
