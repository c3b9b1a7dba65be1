#include "engine_fixture.hpp"

namespace taps::testing {
namespace {

TEST(Wait, AllCompletedReturnsEveryFuture) {
  EngineFixture f;
  std::vector<TaskFuture<double>> fs;
  for (int i = 0; i < 10; ++i) fs.push_back(f.engine().submit(add, 1.0, static_cast<double>(i)));
  auto result = wait(fs, WaitMode::all_completed);
  EXPECT_EQ(result.done.size(), 10u);
  EXPECT_TRUE(result.not_done.empty());
}

TEST(Wait, FirstCompletedReturnsBeforeSlowTasksFinish) {
  EngineFixture f;
  std::vector<TaskFuture<double>> fs{f.engine().submit(slow, 1.0, 1.0), f.engine().submit(add, 1.0, 1.0)};
  auto start = std::chrono::steady_clock::now();
  auto result = wait(fs, WaitMode::first_completed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(800));
  ASSERT_FALSE(result.done.empty());
  EXPECT_EQ(result.done.front(), 1u);
  EXPECT_EQ(result.not_done, std::vector<std::size_t>{0});
}

TEST(Wait, ThrowsTimeoutErrorWhenTasksTakeLonger) {
  EngineFixture f;
  std::vector<TaskFuture<double>> fs{f.engine().submit(slow, 1.0, 0.5)};
  EXPECT_THROW(wait(fs, WaitMode::all_completed, 0.05), TimeoutError);
  EXPECT_THROW(fs[0].result(0.01), TimeoutError);
  EXPECT_EQ(fs[0].result(5.0), 1.0);
}

TEST(AsCompleted, YieldsFuturesInTheOrderTheyFinish) {
  EngineFixture f({.workers = 3});
  std::vector<TaskFuture<double>> fs{f.engine().submit(slow, 3.0, 0.3), f.engine().submit(slow, 1.0, 0.0),
                                     f.engine().submit(slow, 2.0, 0.15)};
  std::vector<double> order;
  for (auto& future : as_completed(fs)) order.push_back(future.result());
  EXPECT_EQ(order, (std::vector<double>{1.0, 2.0, 3.0}));
}

TEST(AsCompleted, YieldsEachFutureOnceEvenWhenAlreadyFinished) {
  EngineFixture f;
  std::vector<TaskFuture<double>> fs;
  for (int i = 0; i < 50; ++i) fs.push_back(f.engine().submit(add, 0.0, static_cast<double>(i)));
  for (auto& x : fs) x.result();
  std::vector<bool> seen(50, false);
  int count = 0;
  for (auto& future : as_completed(fs)) {
    auto v = static_cast<std::size_t>(future.result());
    EXPECT_FALSE(seen[v]);
    seen[v] = true;
    ++count;
  }
  EXPECT_EQ(count, 50);
}

TEST(CompletionSet, KeepsAFixedNumberOfTasksInFlight) {
  EngineFixture f;
  CompletionSet set(f.engine().handle(), f.engine().api());
  std::vector<TaskFuture<double>> slots;
  for (int i = 0; i < 4; ++i) {
    slots.push_back(f.engine().submit(add, 0.0, 1.0));
    set.add(slots.back(), static_cast<std::uint64_t>(i));
  }
  double total = 0;
  int submitted = 4;
  while (auto tag = set.next(5.0)) {
    total += slots[*tag].result();
    if (submitted < 100) {
      slots[*tag] = f.engine().submit(add, 0.0, 1.0);
      set.add(slots[*tag], *tag);
      ++submitted;
    }
  }
  EXPECT_EQ(total, 100.0);
}

}  // namespace
}  // namespace taps::testing
