// What the engine logs about tasks: lines a task logs name it, and a run
// whose tasks stop finishing says which are in flight (issue 17, item 16).
#include "engine_fixture.hpp"

#include <chrono>
#include <thread>

namespace taps::testing {
namespace {

TEST(TaskLog, ALineLoggedInsideATaskNamesTheTaskAndItsFunction) {
  for (const bool encode : {false, true}) {  // in-process, and through a worker's TaskRunner
    EngineFixture fixture({.encode = encode});
    auto future = fixture.engine().submit(&say, std::string("hello from inside"));
    future.result();
    const std::string id = future.task_id();
    EXPECT_NE(fixture.log_text().find("(task say " + id + ") > hello from inside"), std::string::npos)
        << "encode=" << encode << ":\n"
        << fixture.log_text();
  }
}

TEST(StallWarning, TasksInFlightThatDoNotFinishAreNamed) {
  EngineFixture fixture({.workers = 2, .stall_warning = 0.3});
  auto first = fixture.engine().submit(&slow, 1.0, 1.2);
  auto second = fixture.engine().submit(&slow, 2.0, 1.2);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  const std::string log = fixture.log_text();
  EXPECT_NE(log.find("stalled: no task has finished for"), std::string::npos) << log;
  EXPECT_NE(log.find("2 in flight with executor 'test-executor'"), std::string::npos) << log;
  EXPECT_NE(log.find("slow " + std::string(first.task_id())), std::string::npos) << log;
  EXPECT_NE(log.find("slow " + std::string(second.task_id())), std::string::npos) << log;
  first.result();
  second.result();
}

TEST(StallWarning, NothingIsSaidWhileTasksKeepFinishingOrNoneIsInFlight) {
  EngineFixture fixture({.workers = 1, .stall_warning = 0.3});
  for (int i = 0; i < 8; ++i) fixture.engine().submit(&slow, 1.0, 0.1).result();  // one finishes every 0.1 s
  std::this_thread::sleep_for(std::chrono::milliseconds(600));                    // idle: nothing in flight
  EXPECT_EQ(fixture.log_text().find("stalled"), std::string::npos) << fixture.log_text();
}

}  // namespace
}  // namespace taps::testing
