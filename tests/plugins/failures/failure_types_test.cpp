// The failure types: their names, what each needs from an executor (the
// support matrix the app refuses combinations by), and the injection
// payload every injected task reads.
#include "apps/failures/failure_type.hpp"
#include "apps/failures/injection.hpp"

#include <taps/buffer.hpp>
#include <taps/codec.hpp>
#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace taps::failures {
namespace {

using Types = std::vector<FailureType>;

TEST(FailureTypes, EveryChoiceParsesToTheTypeThatPrintsAsIt) {
  std::string choices = failure_type_choices;
  std::size_t start = 0;
  int count = 0;
  while (start <= choices.size()) {
    const auto bar = choices.find('|', start);
    const std::string name = choices.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    EXPECT_EQ(name_of(parse_failure_type(name)), name);
    ++count;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  EXPECT_EQ(count, 11);
}

TEST(FailureTypes, AnUnknownTypeIsRefusedListingTheChoices) {
  try {
    parse_failure_type("segfault");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown failure_type 'segfault'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("worker-killed"), std::string::npos) << e.what();
  }
}

TEST(FailureTypes, AnExecutorRunningTasksInsideTapsHostSurvivesOnlyFailuresRaisedInsideATask) {
  EXPECT_EQ(supported_types(0), (Types{FailureType::dependency, FailureType::failure, FailureType::import,
                                       FailureType::zero_division, FailureType::memory, FailureType::ulimit}));
}

TEST(FailureTypes, AnExecutorIsolatingTasksAlsoSurvivesKilledWorkersAndAKilledNode) {
  const Types types = supported_types(TAPS_EXECUTOR_ISOLATES_TASKS);
  EXPECT_EQ(types.size(), 8u);
  EXPECT_NE(std::find(types.begin(), types.end(), FailureType::worker_killed), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), FailureType::node_killed), types.end());
  EXPECT_EQ(std::find(types.begin(), types.end(), FailureType::timeout), types.end());
  EXPECT_EQ(std::find(types.begin(), types.end(), FailureType::manager_killed), types.end());
}

TEST(FailureTypes, TimeoutNeedsAnExecutorThatEnforcesATaskTimeout) {
  EXPECT_EQ(required_traits(FailureType::timeout), TAPS_EXECUTOR_TASK_TIMEOUT);
  const Types types = supported_types(TAPS_EXECUTOR_ISOLATES_TASKS | TAPS_EXECUTOR_TASK_TIMEOUT);
  EXPECT_NE(std::find(types.begin(), types.end(), FailureType::timeout), types.end());
  EXPECT_NE(requirement(FailureType::timeout).find("--engine.executor.timeout"), std::string::npos);
}

TEST(FailureTypes, ManagerKilledNeedsAnIsolatingExecutorThatSurvivesLosingItsManager) {
  EXPECT_EQ(supported_types(TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS).size(), 6u) << "not without isolation";
  const Types all = supported_types(TAPS_EXECUTOR_ISOLATES_TASKS | TAPS_EXECUTOR_TASK_TIMEOUT |
                                    TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS);
  EXPECT_EQ(all.size(), 10u) << "every type but random";
}

TEST(FailureTypes, OnlyTypesThatEndOtherProcessesCauseCollateralFailures) {
  EXPECT_TRUE(kills_other_processes(FailureType::node_killed));
  EXPECT_TRUE(kills_other_processes(FailureType::manager_killed));
  EXPECT_FALSE(kills_other_processes(FailureType::worker_killed));
  EXPECT_FALSE(kills_other_processes(FailureType::memory));
}

TEST(FailureTypes, TraitsAreNamedForMessages) {
  EXPECT_EQ(trait_names(0), "none");
  EXPECT_EQ(trait_names(TAPS_EXECUTOR_ISOLATES_TASKS | TAPS_EXECUTOR_TASK_TIMEOUT), "isolates_tasks, task_timeout");
}

TEST(InjectionPayload, RoundTripsEveryField) {
  Injection sent;
  sent.type = FailureType::memory;
  sent.replaces = "cholesky.gemm";
  sent.memory_limit = 12345678;
  sent.sleep_limit = 2.5;
  sent.client_pid = 4242;
  Buffer payload(encode_payload(sent));
  const Injection got = decode_payload<Injection>(payload.view());
  EXPECT_EQ(got.type, FailureType::memory);
  EXPECT_EQ(got.replaces, "cholesky.gemm");
  EXPECT_EQ(got.memory_limit, 12345678);
  EXPECT_EQ(got.sleep_limit, 2.5);
  EXPECT_EQ(got.client_pid, 4242);
}

TEST(InjectionPayload, RefusesAFailureTypeItDoesNotKnow) {
  Bytes bytes;
  Writer w(bytes);
  w.put(static_cast<std::uint32_t>(99));
  w.put(std::string("x.y"));
  w.put(std::int64_t{0});
  w.put(0.0);
  w.put(std::int64_t{0});
  const taps_payload_view view{sizeof(taps_payload_view), "failures.injection", bytes.data(), bytes.size()};
  EXPECT_THROW(decode_payload<Injection>(view), DecodeError);
}

}  // namespace
}  // namespace taps::failures
