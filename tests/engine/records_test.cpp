#include "engine_fixture.hpp"

#include <algorithm>
#include <set>

namespace taps::testing {
namespace {

TEST(Records, OneWellFormedRecordPerFinishedTask) {
  EngineFixture f;
  auto a = f.engine().submit(add, 1.0, 2.0);
  auto b = f.engine().submit(add, 3.0, 4.0);
  auto c = f.engine().submit(sum, a, b);
  EXPECT_EQ(c.result(), 10.0);
  auto records = f.records();
  ASSERT_EQ(records.size(), 3u);
  std::set<std::string> ids;
  for (const auto& r : records) {
    ids.insert(r.task_id);
    EXPECT_EQ(r.task_id.size(), 36u);
    EXPECT_TRUE(r.success);
    EXPECT_TRUE(r.has_execution);
    EXPECT_LE(r.submit, r.exec_start);
    EXPECT_LE(r.exec_start, r.task_start);
    EXPECT_LE(r.task_start, r.task_end);
    EXPECT_LE(r.task_end, r.exec_end);
    EXPECT_LE(r.exec_end, r.received);
  }
  EXPECT_EQ(ids.size(), 3u);
  const auto& last = records.back();
  EXPECT_EQ(last.name, "sum");
  EXPECT_EQ(last.parents, (std::vector<std::string>{a.task_id(), b.task_id()}));
}

TEST(Records, AFailedTaskCarriesItsExceptionAndADependencyFailureHasNoExecution) {
  EngineFixture f;
  auto bad = f.engine().submit(fail_with, std::string("broken"));
  auto child = f.engine().submit(add, bad, 1.0);
  EXPECT_TRUE(child.exception().has_value());
  auto records = f.records();
  ASSERT_EQ(records.size(), 2u);
  auto find = [&](const std::string& id) {
    return *std::find_if(records.begin(), records.end(), [&](const auto& r) { return r.task_id == id; });
  };
  auto failed = find(bad.task_id());
  EXPECT_FALSE(failed.success);
  EXPECT_EQ(failed.error_type, "std::invalid_argument");
  EXPECT_EQ(failed.error_message, "broken");
  EXPECT_TRUE(failed.has_execution);
  auto dependant = find(child.task_id());
  EXPECT_FALSE(dependant.success);
  EXPECT_EQ(dependant.error_type, "DependencyError");
  EXPECT_FALSE(dependant.has_execution);
}

TEST(Records, AreWrittenBeforeTheAppSeesTheResult) {
  EngineFixture f;
  for (int i = 0; i < 100; ++i) {
    f.engine().submit(add, 1.0, 1.0).result();
    EXPECT_EQ(f.records().size(), static_cast<std::size_t>(i + 1));
  }
}

TEST(Records, AreFlushedPeriodicallyWithoutShutdown) {
  EngineFixture f;
  f.engine().submit(add, 1.0, 1.0).result();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (MemoryLogger::instance->flushes.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(MemoryLogger::instance->flushes.load(), 0);
}

}  // namespace
}  // namespace taps::testing
