// The fedlearn app run by taps-host on tiny slices of Fashion-MNIST (2
// clients x 2 rounds on 2000 samples): the same accuracies bit for bit on
// thread-pool, process-pool and Work Queue, epochs honoured, clear failures
// for missing data and for a model that does not learn, and the failures
// app wrapping it.
#include "host_run.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

/// A tiny run's options (taps-host takes each option once).
std::string tiny(const std::string& clients = "2", const std::string& min_accuracy = "0.5") {
  return "--app fedlearn --app.clients " + clients + " --app.rounds 2 --app.max-samples 2000 --app.min-accuracy " +
         min_accuracy;
}

struct Round {
  std::uint64_t steps;
  double accuracy;
  double loss;
  bool operator==(const Round&) const = default;
};

std::vector<Round> rounds_of(const HostRun& run) {
  const auto summary = read_json(run.run_dir() / "fedlearn.json");
  EXPECT_TRUE(summary.IsObject()) << "fedlearn.json";
  std::vector<Round> rounds;
  if (!summary.IsObject()) return rounds;
  for (const auto& r : summary["rounds"].GetArray()) {
    rounds.push_back({r["steps"].GetUint64(), r["test_accuracy"].GetDouble(), r["test_loss"].GetDouble()});
  }
  return rounds;
}

/// A tiny run that must pass: the records, the verdict, and its rounds.
std::vector<Round> learned(const std::string& args, int local_train_tasks = 4) {
  const Scratch scratch;
  const HostRun run(scratch, tiny() + " " + args);
  EXPECT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"local_train", local_train_tasks}, {"test_model", 2}}));
  EXPECT_NE(read_text(run.run_dir() / "log.txt").find("Verified: test accuracy rose"), std::string::npos);
  const auto rounds = rounds_of(run);
  EXPECT_EQ(rounds.size(), 2u);
  return rounds;
}

TEST(FedlearnOnTapsHost, ThreadPoolAndProcessPoolLearnTheSameAccuraciesBitForBit) {
  const auto threads = learned("--engine.executor thread-pool --engine.executor.workers 2");
  const auto processes = learned("--engine.executor process-pool --engine.executor.workers 2");
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_LT(threads[0].accuracy, threads[1].accuracy);
  EXPECT_EQ(threads, processes);
}

TEST(FedlearnOnTapsHost, EpochsMultiplyTheRecordedOptimiserSteps) {
  const auto one = learned("--app.epochs 1");
  const auto three = learned("--app.epochs 3");
  ASSERT_EQ(one.size(), 2u);
  ASSERT_EQ(three.size(), 2u);
  EXPECT_EQ(one[0].steps, 64u);  // ceil(1035 / 32) + ceil(965 / 32): the shards of the first round
  EXPECT_EQ(three[0].steps, 3 * one[0].steps);
}

TEST(FedlearnOnTapsHost, TrainsOnlyTheParticipatingFractionOfClients) {
  const Scratch scratch;
  const HostRun run(scratch, tiny("4") + " --app.participation 0.5 --app.alpha 0");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"local_train", 4}, {"test_model", 2}}));
  const auto summary = read_json(run.run_dir() / "fedlearn.json");
  for (const auto& r : summary["rounds"].GetArray()) EXPECT_EQ(r["samples"].GetUint64(), 1000u);
}

TEST(FedlearnOnTapsHost, WithoutTrainingTheTasksOnlyMoveTheWeightsAndNothingIsChecked) {
  for (const std::string test : {"true", "false"}) {
    const Scratch scratch;
    const HostRun run(scratch, tiny() + " --app.train false --app.test " + test);
    ASSERT_EQ(run.exit_status(), 0) << run.output();
    std::map<std::string, int> expected{{"no_local_train", 4}};
    if (test == "true") expected["test_model"] = 2;
    EXPECT_EQ(run.task_counts(), expected);
    EXPECT_NE(read_text(run.run_dir() / "log.txt").find(test == "true" ? "train = false" : "test = false"),
              std::string::npos);
  }
}

TEST(FedlearnOnTapsHost, AMissingDataFileFailsNamingThePath) {
  const Scratch scratch;
  const HostRun run(scratch, tiny() + " --app.data-dir " + scratch.path().string());
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_NE(run.output().find((scratch.path() / "train-images-idx3-ubyte.gz").string()), std::string::npos)
      << run.output();
}

TEST(FedlearnOnTapsHost, AModelThatDoesNotLearnFailsTheRunAndKeepsItsRecords) {
  const Scratch scratch;
  const HostRun run(scratch, tiny("2", "0") + " --app.lr 0");
  EXPECT_EQ(run.exit_status(), 1) << run.output();
  EXPECT_NE(run.output().find("the model did not learn"), std::string::npos) << run.output();
  EXPECT_EQ(rounds_of(run).size(), 2u);
  EXPECT_EQ(run.task_counts()["local_train"], 4);
}

TEST(FedlearnOnTapsHost, BelowMinAccuracyFailsTheRun) {
  const Scratch scratch;
  const HostRun run(scratch, tiny("2", "0.99"));
  EXPECT_EQ(run.exit_status(), 1) << run.output();
  EXPECT_NE(run.output().find("below min_accuracy 99.00 %"), std::string::npos) << run.output();
}

#ifdef TAPS_HAVE_WORKQUEUE
TEST(FedlearnOnWorkQueue, LearnsTheSameAccuraciesAsThreadPoolOnTwoLocalWorkers) {
  const auto wq = learned("--engine.executor workqueue --engine.executor.port 0 --engine.executor.local-workers 2");
  EXPECT_EQ(wq, learned("--engine.executor thread-pool"));
}
#endif

TEST(FedlearnUnderFailures, AtRateZeroTheBaseAppVerifiesItsLearning) {
  const Scratch scratch;
  const HostRun run(scratch, R"(--app failures --app.base fedlearn --app.config '{"clients": 2, "rounds": 2, )"
                             R"("max_samples": 2000, "min_accuracy": 0.5}' --app.failure-type failure )"
                             "--app.failure-rate 0 --engine.executor process-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const std::string log = read_text(run.run_dir() / "log.txt");
  EXPECT_NE(log.find("the base app fedlearn finished and verified its result"), std::string::npos) << log;
  EXPECT_NE(log.find("Verified: test accuracy rose"), std::string::npos) << log;
}

TEST(FedlearnUnderFailures, EveryInjectedTrainingFailureIsObserved) {
  const Scratch scratch;
  const HostRun run(scratch, R"(--app failures --app.base fedlearn --app.config '{"clients": 2, "rounds": 2, )"
                             R"("max_samples": 2000}' --app.failure-type failure --app.failure-rate 1 )"
                             "--engine.executor thread-pool");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const std::string log = read_text(run.run_dir() / "log.txt");
  EXPECT_NE(log.find("the base app fedlearn failed, as expected with injected failures"), std::string::npos) << log;
  EXPECT_EQ(run.task_counts()["inject_failure (failed)"], 2) << "both local_train tasks of round 1";
}

}  // namespace
}  // namespace taps::testing
