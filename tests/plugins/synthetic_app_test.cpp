// The synthetic app, loaded from its built .so and run on an inline engine.
#include "app_fixture.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

struct Outcome : AppRun {
  rapidjson::Document summary;  // synthetic.json, when written
};

class SyntheticApp : public AppOnInlineEngine {
 protected:
  SyntheticApp() : AppOnInlineEngine(TAPS_SYNTHETIC_PLUGIN, "synthetic") {}

  Outcome run(std::map<std::string, std::string> values,
              std::function<void(const std::string&, taps_buffer&)> tamper = nullptr) {
    Outcome outcome;
    static_cast<AppRun&>(outcome) = run_app(std::move(values), std::move(tamper));
    EXPECT_TRUE(outcome.created) << outcome.error.message;
    std::ifstream in(run_dir_ / "synthetic.json");
    std::stringstream text;
    text << in.rdbuf();
    outcome.summary.Parse(text.str().c_str());
    return outcome;
  }
};

TEST_F(SyntheticApp, DeclaresTheReferenceOptionsAndTasks) {
  std::set<std::string> keys;
  for (uint32_t i = 0; i < descriptor_.option_count; ++i) keys.insert(descriptor_.options[i].key);
  EXPECT_EQ(keys, (std::set<std::string>{"structure", "task_count", "task_data_bytes", "task_sleep", "task_std",
                                         "bag_max_running", "warmup_tasks", "seed"}));
  const auto& methods = *static_cast<const taps_app_methods*>(descriptor_.methods);
  ASSERT_EQ(methods.function_count, 2u);
  EXPECT_STREQ(methods.functions[0].name, "noop");
  EXPECT_STREQ(methods.functions[1].name, "warmup");
}

TEST_F(SyntheticApp, RunsABagKeepingBagMaxRunningTasksInFlight) {
  const auto o = run({{"structure", "bag"}, {"task_count", "50"}, {"task_data_bytes", "1001"},
                      {"bag_max_running", "4"}, {"warmup_tasks", "2"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(count(o, "warmup"), 2u);
  EXPECT_EQ(count(o, "noop"), 50u);
  EXPECT_EQ(o.max_outstanding, 4u);
  for (const auto& r : o.records) EXPECT_TRUE(r.parents.empty());
  ASSERT_TRUE(o.summary.IsObject());
  EXPECT_STREQ(o.summary["structure"].GetString(), "bag");
  EXPECT_EQ(o.summary["tasks"].GetUint64(), 50u);
  EXPECT_EQ(o.summary["task_data_bytes"].GetUint64(), 1001u);
  EXPECT_GT(o.summary["tasks_per_s"].GetDouble(), 0.0);
  EXPECT_GT(o.summary["seconds"].GetDouble(), 0.0);
}

TEST_F(SyntheticApp, RunsADiamondWhoseMiddleDependsOnTheFirstTaskAndLastOnAllOfTheMiddle) {
  const auto o = run({{"structure", "diamond"}, {"task_count", "10"}, {"task_data_bytes", "64"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  ASSERT_EQ(count(o, "noop"), 12u);
  // records: warmup, initial, 10 intermediate, final
  const auto& initial = o.records[1];
  EXPECT_TRUE(initial.parents.empty());
  std::vector<std::string> middle;
  for (std::size_t i = 2; i < 12; ++i) {
    EXPECT_EQ(o.records[i].parents, std::vector<std::string>{initial.id});
    middle.push_back(o.records[i].id);
  }
  EXPECT_EQ(o.records[12].parents, middle);
  EXPECT_EQ(o.summary["tasks"].GetUint64(), 12u);
}

TEST_F(SyntheticApp, RunsAReduceWhoseLastTaskDependsOnAllOthers) {
  const auto o = run({{"structure", "reduce"}, {"task_count", "10"}, {"task_data_bytes", "7"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  ASSERT_EQ(count(o, "noop"), 11u);
  std::vector<std::string> mapped;
  for (std::size_t i = 1; i < 11; ++i) {
    EXPECT_TRUE(o.records[i].parents.empty());
    mapped.push_back(o.records[i].id);
  }
  EXPECT_EQ(o.records[11].parents, mapped);
}

TEST_F(SyntheticApp, RunsASequentialChainWhereEachTaskDependsOnThePrevious) {
  const auto o = run({{"structure", "sequential"}, {"task_count", "10"}, {"task_data_bytes", "4096"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  ASSERT_EQ(count(o, "noop"), 10u);
  EXPECT_TRUE(o.records[1].parents.empty());
  for (std::size_t i = 2; i < 11; ++i) EXPECT_EQ(o.records[i].parents, std::vector<std::string>{o.records[i - 1].id});
}

TEST_F(SyntheticApp, RunsWithoutWarmupWhenWarmupTasksIsZero) {
  const auto o = run({{"task_count", "3"}, {"warmup_tasks", "0"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(count(o, "warmup"), 0u);
}

TEST_F(SyntheticApp, SleepsAtLeastTaskSleepInEachTask) {
  const auto o = run({{"structure", "sequential"}, {"task_count", "5"}, {"task_sleep", "0.01"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_GE(o.summary["seconds"].GetDouble(), 0.05);
}

TEST_F(SyntheticApp, FailsTheRunWhenTheClientReceivesCorruptedData) {
  // Damage the last byte of every result: the client's check of a bag
  // task's result must notice.
  const auto o = run({{"task_count", "5"}, {"task_data_bytes", "100"}}, [](const std::string& fn, taps_buffer& b) {
    if (fn == "noop") b.data[b.size - 1] ^= 0xff;
  });
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "DataError");
}

TEST_F(SyntheticApp, FailsTheRunWhenATaskReceivesCorruptedData) {
  // Damage the first task's output (a bytes payload is the block itself): the task that consumes it must fail,
  // and with it the final task, which the client waits for.
  bool damaged = false;
  const auto o = run({{"structure", "sequential"}, {"task_count", "3"}, {"task_data_bytes", "800"}},
                     [&](const std::string& fn, taps_buffer& b) {
                       if (fn == "noop" && !damaged) {
                         b.data[3] ^= 0xff;  // inside the block's seed word
                         damaged = true;
                       }
                     });
  EXPECT_NE(o.status, TAPS_OK);
  ASSERT_GE(o.records.size(), 3u);
  EXPECT_FALSE(o.records[2].success);
}

}  // namespace
}  // namespace taps::testing
