// The verdict: each tracked task judged against what its injection
// predicts, and the counts of the summary line.
#include "apps/failures/verdict.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taps::failures {
namespace {

TrackedTask ok(std::vector<std::size_t> parents = {}) {
  TrackedTask t;
  t.task_id = "t";
  t.function = "synthetic.noop";
  t.parents = std::move(parents);
  t.finished = true;
  t.success = true;
  return t;
}

TrackedTask failed(const std::string& type, std::vector<std::size_t> parents = {}) {
  TrackedTask t = ok(std::move(parents));
  t.success = false;
  t.error_type = type;
  t.error_message = "because";
  return t;
}

TrackedTask chosen(FailureType type, TrackedTask t) {
  t.role = Role::chosen;
  t.type = type;
  return t;
}

TrackedTask parent(TrackedTask t) {
  t.role = Role::injected_parent;
  t.type = FailureType::dependency;
  return t;
}

TEST(Verdict, HoldsWhenTheChosenTaskFailsWithItsExceptionItsDependantWithDependencyErrorAndTheRestSucceed) {
  const Verdict v = judge({chosen(FailureType::memory, failed("MemoryError")), ok(),
                           failed("DependencyError", {0, 1})});
  EXPECT_TRUE(v.holds());
  EXPECT_EQ(v.tasks, 3u);
  EXPECT_EQ(v.injected, 1u);
  EXPECT_EQ(v.observed, 1u);
  EXPECT_EQ(v.as_injected, 1u);
  EXPECT_EQ(v.dependants_failed, 1u);
  EXPECT_EQ(v.succeeded, 1u);
  EXPECT_EQ(v.injected_by_type.at("memory"), 1u);
}

TEST(Verdict, FailsWhenAChosenTaskFailsWithAnotherException) {
  const Verdict v = judge({chosen(FailureType::memory, failed("OSError"))});
  EXPECT_FALSE(v.holds());
  EXPECT_EQ(v.unexpected, 1u);
  EXPECT_EQ(v.judgements[0].expected, "MemoryError");
}

TEST(Verdict, FailsWhenAChosenTaskSucceeds) {
  EXPECT_FALSE(judge({chosen(FailureType::failure, ok())}).holds());
}

TEST(Verdict, FailsWhenATaskNotChosenFails) {
  const Verdict v = judge({failed("WorkerCrashed")});
  EXPECT_FALSE(v.holds());
  EXPECT_EQ(v.judgements[0].expected, "success");
}

TEST(Verdict, FailsWhenADependantOfAFailedTaskSucceedsOrFailsOtherwise) {
  EXPECT_FALSE(judge({chosen(FailureType::failure, failed("InjectedFailure")), ok({0})}).holds());
  EXPECT_FALSE(
      judge({chosen(FailureType::failure, failed("InjectedFailure")), failed("InjectedFailure", {0})}).holds());
}

TEST(Verdict, AChosenTaskWhoseParentFailedFirstIsMaskedAndStillObserved) {
  const Verdict v = judge({chosen(FailureType::failure, failed("InjectedFailure")),
                           chosen(FailureType::ulimit, failed("DependencyError", {0}))});
  EXPECT_TRUE(v.holds());
  EXPECT_EQ(v.injected, 2u);
  EXPECT_EQ(v.observed, 2u);
  EXPECT_EQ(v.masked, 1u);
}

TEST(Verdict, ADependencyInjectionIsAFailingParentAndADependencyErrorOfTheChosenTask) {
  const Verdict v = judge({parent(failed("ParentDependencyError")),
                           chosen(FailureType::dependency, failed("DependencyError", {0}))});
  EXPECT_TRUE(v.holds());
  EXPECT_EQ(v.tasks, 1u) << "the injected parent is not one of the base app's tasks";
  EXPECT_EQ(v.injected, 1u);
  EXPECT_EQ(v.as_injected, 1u);
  EXPECT_FALSE(judge({parent(ok()), chosen(FailureType::dependency, ok({0}))}).holds());
}

TEST(Verdict, ExecutorEnforcedFailuresAcceptTheExecutorsErrorButNeverTheInjectionsOwn) {
  EXPECT_TRUE(judge({chosen(FailureType::timeout, failed("TimeoutError"))}).holds());
  EXPECT_TRUE(judge({chosen(FailureType::worker_killed, failed("WorkerCrashed"))}).holds());
  EXPECT_FALSE(judge({chosen(FailureType::timeout, failed("InjectionError"))}).holds());
  EXPECT_FALSE(judge({chosen(FailureType::worker_killed, failed("CancelledError"))}).holds());
}

TEST(Verdict, TasksKilledAlongsideANodeKillAreCollateralOnlyWithTheExecutorsCrashError) {
  const Verdict v = judge({chosen(FailureType::node_killed, failed("WorkerCrashed")), failed("WorkerCrashed"), ok()});
  EXPECT_TRUE(v.holds());
  EXPECT_EQ(v.collateral, 1u);
  EXPECT_EQ(v.succeeded, 1u);
  EXPECT_FALSE(judge({chosen(FailureType::node_killed, failed("WorkerCrashed")), failed("MemoryError")}).holds());
  // A worker that kills only itself hurts nobody else.
  EXPECT_FALSE(judge({chosen(FailureType::worker_killed, failed("WorkerCrashed")), failed("WorkerCrashed")}).holds());
}

TEST(Verdict, AnInjectedParentKilledAlongsideANodeKillIsCollateralAndItsChosenTaskStillObserved) {
  const Verdict v = judge({chosen(FailureType::node_killed, failed("WorkerCrashed")), parent(failed("WorkerCrashed")),
                           chosen(FailureType::dependency, failed("DependencyError", {1}))});
  EXPECT_TRUE(v.holds());
  EXPECT_EQ(v.injected, 2u);
  EXPECT_EQ(v.observed, 2u);
  EXPECT_EQ(v.collateral, 0u) << "the parent is not one of the base app's tasks";
  EXPECT_EQ(v.judgements[1].outcome, Outcome::collateral);
  EXPECT_FALSE(judge({parent(failed("WorkerCrashed")), chosen(FailureType::dependency, failed("DependencyError", {0}))})
                   .holds())
      << "without a node kill, a crashed parent is unexpected";
}

TEST(Verdict, NothingInjectedAndEverythingSucceededHolds) {
  const Verdict v = judge({ok(), ok({0})});
  EXPECT_TRUE(v.holds());
  EXPECT_EQ(v.injected, 0u);
  EXPECT_EQ(v.succeeded, 2u);
}

}  // namespace
}  // namespace taps::failures
