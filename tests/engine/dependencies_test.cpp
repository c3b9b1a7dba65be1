#include "engine_fixture.hpp"

namespace taps::testing {
namespace {

TEST(Engine, ReturnsTheResultOfASubmittedTask) {
  EngineFixture f;
  EXPECT_EQ(f.engine().submit(add, 1.0, 2.0).result(), 3.0);
}

TEST(Engine, PassesAParentResultToItsChild) {
  EngineFixture f;
  auto a = f.engine().submit(add, 1.0, 2.0);
  auto b = f.engine().submit(add, a, 10.0);
  EXPECT_EQ(b.result(), 13.0);
}

TEST(Engine, RunsADiamondOnlyAfterEveryParentFinished) {
  EngineFixture f;
  auto top = f.engine().submit(slow, 1.0, 0.02);
  std::vector<TaskFuture<double>> middle;
  for (int i = 0; i < 20; ++i) middle.push_back(f.engine().submit(add, top, static_cast<double>(i)));
  auto bottom = f.engine().submit(sum, middle);
  // sum over i of (1 + i) for i < 20
  EXPECT_EQ(bottom.result(), 20.0 + 190.0);
}

TEST(Engine, RunsALongSequentialChainInOrder) {
  EngineFixture f;
  auto current = f.engine().submit(add, 0.0, 1.0);
  for (int i = 0; i < 500; ++i) current = f.engine().submit(add, current, 1.0);
  EXPECT_EQ(current.result(), 501.0);
}

TEST(Engine, FailsChildrenOfAFailedParentWithoutRunningThem) {
  EngineFixture f;
  auto bad = f.engine().submit(fail_with, std::string("boom"));
  auto child = f.engine().submit(add, bad, 1.0);
  auto grandchild = f.engine().submit(add, child, 1.0);
  try {
    grandchild.result();
    FAIL() << "grandchild should fail";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.type(), "DependencyError");
    EXPECT_NE(std::string(e.what()).find(child.task_id()), std::string::npos) << e.what();
  }
  auto error = child.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "DependencyError");
  EXPECT_NE(std::string(error->what()).find("boom"), std::string::npos) << error->what();
  EXPECT_EQ(task_runs.load(), 1);  // only the failing task ran
}

TEST(Engine, FailsAChildSubmittedAfterItsParentAlreadyFailed) {
  EngineFixture f;
  auto bad = f.engine().submit(fail_with, std::string("early"));
  EXPECT_TRUE(bad.exception().has_value());
  auto child = f.engine().submit(add, bad, 1.0);
  auto error = child.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "DependencyError");
}

TEST(Engine, ReportsTheTaskExceptionTypeAndMessage) {
  EngineFixture f;
  auto bad = f.engine().submit(fail_with, std::string("bad input"));
  auto error = bad.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "std::invalid_argument");
  EXPECT_STREQ(error->what(), "bad input");
}

TEST(Engine, CancelsATaskThatHasNotStartedAndFailsItsDependants) {
  EngineFixture f({.workers = 1});
  auto blocker = f.engine().submit(slow, 1.0, 0.2);
  auto waiting = f.engine().submit(add, blocker, 1.0);
  auto dependant = f.engine().submit(add, waiting, 1.0);
  EXPECT_TRUE(waiting.cancel());
  EXPECT_FALSE(waiting.cancel());
  EXPECT_EQ(waiting.exception()->type(), "CancelledError");
  EXPECT_EQ(dependant.exception()->type(), "DependencyError");
  EXPECT_EQ(blocker.result(), 1.0);
}

TEST(Engine, FailsATaskTheExecutorRefuses) {
  EngineFixture f({.refuse = true});
  auto refused = f.engine().submit(add, 1.0, 1.0);
  auto error = refused.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "Refused");
}

TEST(Engine, RefusesSubmissionsAfterShutdown) {
  EngineFixture f;
  f.host_engine().shutdown(false);
  EXPECT_THROW(f.engine().submit(add, 1.0, 1.0), Error);
}

TEST(Engine, ShutdownWithCancelFailsQueuedTasks) {
  EngineFixture f({.workers = 1});
  auto running = f.engine().submit(slow, 1.0, 0.1);
  std::vector<TaskFuture<double>> queued;
  for (int i = 0; i < 5; ++i) queued.push_back(f.engine().submit(add, 1.0, 1.0));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  f.host_engine().shutdown(true);
  EXPECT_EQ(running.result(), 1.0);
  for (auto& q : queued) EXPECT_EQ(q.exception()->type(), "CancelledError");
}

TEST(Engine, FindsTaskFunctionsOnlyOfTheApp) {
  EngineFixture f;
  EXPECT_THROW(f.engine().find_function("test-app", "missing"), Error);
  EXPECT_THROW(f.engine().find_function("other-app", "add"), Error);
  EXPECT_NE(f.engine().find_function("test-app", "add"), nullptr);
}

TEST(Engine, RunsManyConcurrentTasksFromSeveralSubmittingThreads) {
  EngineFixture f({.workers = 2});
  std::vector<std::thread> submitters;
  std::atomic<int> correct{0};
  for (int t = 0; t < 4; ++t) {
    submitters.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i) {
        auto a = f.engine().submit(add, static_cast<double>(t), static_cast<double>(i));
        auto b = f.engine().submit(add, a, 1.0);
        if (b.result() == t + i + 1.0) ++correct;
      }
    });
  }
  for (auto& s : submitters) s.join();
  EXPECT_EQ(correct.load(), 1000);
}

}  // namespace
}  // namespace taps::testing
