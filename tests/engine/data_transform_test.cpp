#include "engine_fixture.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace taps::testing {
namespace {

// The stored objects alive once the engine has settled. An executor thread
// may still hold its reference to a task for a moment after the task's
// result was published, and the task's objects go only with that last
// reference; so this waits (up to 5 s) for `expected`, and returns what is
// alive then: a leak still shows.
std::size_t alive_once_settled(std::size_t expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (MemoryTransformer::alive() != expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return MemoryTransformer::alive();
}

Bytes pattern(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7);
  return b;
}

TEST(DataTransform, WithoutAFilterEveryArgumentAndResultGoesOutOfBand) {
  EngineFixture f({.transformer = true});
  auto out = f.engine().submit(echo, pattern(10));
  EXPECT_EQ(out.result(), pattern(10));
  EXPECT_EQ(MemoryTransformer::instance->transforms.load(), 2);  // input and result
  EXPECT_EQ(MemoryTransformer::instance->resolves.load(), 2);    // on the worker and on the client
}

TEST(DataTransform, TheFilterKeepsSmallPayloadsInBand) {
  EngineFixture f({.transformer = true, .filter = true});
  // The filter sees the encoded payload: 8 bytes of length + the data.
  EXPECT_EQ(f.engine().submit(echo, pattern(91)).result(), pattern(91));
  EXPECT_EQ(MemoryTransformer::instance->transforms.load(), 0);
  EXPECT_EQ(f.engine().submit(echo, pattern(5000)).result(), pattern(5000));
  EXPECT_EQ(MemoryTransformer::instance->transforms.load(), 2);
}

TEST(DataTransform, ParentResultsTravelAsIdentifiersToChildren) {
  EngineFixture f({.transformer = true});
  auto first = f.engine().submit(echo, pattern(300));
  auto second = f.engine().submit(echo, first);
  EXPECT_EQ(second.result(), pattern(300));
}

TEST(DataTransform, WorksThroughTheWireFormat) {
  EngineFixture f({.encode = true, .transformer = true, .filter = true});
  auto first = f.engine().submit(echo, pattern(1000));
  auto second = f.engine().submit(echo, first);
  EXPECT_EQ(second.result(), pattern(1000));
  EXPECT_GT(MemoryTransformer::instance->transforms.load(), 0);
}

TEST(DataTransform, AMissingIdentifierFailsOnlyThatTask) {
  EngineFixture f({.transformer = true});
  auto first = f.engine().submit(echo, pattern(10));
  EXPECT_EQ(first.result(), pattern(10));
  MemoryTransformer::stored().clear();
  auto lost = f.engine().submit(echo, first);
  auto error = lost.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "KeyError");
  EXPECT_EQ(f.engine().submit(echo, pattern(3)).result(), pattern(3));
}

// ---- lifetimes: the engine drops what nothing will resolve again ------------

/// Releases the app's reference to a task, as an app that is done with it.
template <class T>
void let_go(TaskFuture<T>& future) {
  TaskFuture<T> gone = std::move(future);
}

TEST(DataTransformLifetime, ABagOfTasksKeepsTheStoreBounded) {
  EngineFixture f({.workers = 2, .transformer = true});
  constexpr std::size_t in_flight = 4;
  constexpr std::size_t total = 100;
  CompletionSet set(f.engine().handle(), f.engine().api());
  std::vector<TaskFuture<Bytes>> slots(in_flight);
  std::size_t submitted = 0;
  auto submit_into = [&](std::size_t slot) {
    slots[slot] = f.engine().submit(echo, pattern(300));
    set.add(slots[slot], slot);
    ++submitted;
  };
  for (std::size_t slot = 0; slot < in_flight; ++slot) submit_into(slot);
  std::size_t most_alive = 0;
  while (auto slot = set.next()) {
    EXPECT_EQ(slots[*slot].result(), pattern(300));
    most_alive = std::max(most_alive, MemoryTransformer::alive());
    let_go(slots[*slot]);
    if (submitted < total) submit_into(*slot);
  }
  // At most an argument and a result per task in flight, plus the result
  // being read: without drops it would grow to 2 x 100.
  EXPECT_LE(most_alive, 2 * in_flight + 1);
  EXPECT_EQ(alive_once_settled(0u), 0u);
  EXPECT_EQ(MemoryTransformer::instance->drops.load(), MemoryTransformer::instance->transforms.load());
}

TEST(DataTransformLifetime, AParentsResultLivesUntilItsChildrenRan) {
  // One worker, busy first: the children run only after the app has let go
  // of the parent's future, so they can resolve the parent's result only if
  // the engine kept it for them.
  EngineFixture f({.workers = 1, .transformer = true});
  auto busy = f.engine().submit(slow, 1.0, 0.3);
  auto parent = f.engine().submit(echo, pattern(300));
  std::vector<TaskFuture<Bytes>> children;
  for (int i = 0; i < 3; ++i) children.push_back(f.engine().submit(echo, parent));
  let_go(parent);
  EXPECT_FALSE(busy.done());
  for (const auto& child : children) EXPECT_EQ(child.result(), pattern(300));
  let_go(busy);
  // What is left: the children's results, which the app still holds.
  EXPECT_EQ(alive_once_settled(children.size()), children.size());
  children.clear();
  EXPECT_EQ(alive_once_settled(0u), 0u);
}

TEST(DataTransformLifetime, AResultNobodyHoldsIsDroppedWhenItsTaskFinishes) {
  EngineFixture f({.workers = 1, .transformer = true});
  f.engine().submit(echo, pattern(300));  // future discarded at once
  // One worker runs tasks in order: once this one is done, so is the first.
  auto later = f.engine().submit(echo, pattern(5));
  EXPECT_EQ(later.result(), pattern(5));
  EXPECT_EQ(alive_once_settled(1u), 1u);  // later's result only
}

TEST(DataTransformLifetime, AFailedTasksArgumentsAreDroppedToo) {
  EngineFixture f({.transformer = true});
  auto failed = f.engine().submit(fail_with, std::string("expected failure"));
  ASSERT_TRUE(failed.exception().has_value());
  EXPECT_EQ(alive_once_settled(0u), 0u);
  // A dependant fails without running; its own arguments go as well.
  auto dependant = f.engine().submit(add, failed, 2.0);
  ASSERT_TRUE(dependant.exception().has_value());
  EXPECT_EQ(dependant.exception()->type(), "DependencyError");
  EXPECT_EQ(alive_once_settled(0u), 0u);
}

TEST(DataTransformLifetime, IdentifiersTravelingThroughTheWireFormatAreDroppedOnTheClient) {
  EngineFixture f({.encode = true, .transformer = true});
  {
    auto first = f.engine().submit(echo, pattern(1000));
    auto second = f.engine().submit(echo, first);
    EXPECT_EQ(second.result(), pattern(1000));
  }
  EXPECT_EQ(alive_once_settled(0u), 0u);
}

TEST(DataTransformLifetime, FuturesReleasedAfterShutdownDoNotReachTheTransformer) {
  auto f = std::make_unique<EngineFixture>(EngineOptions{.transformer = true});
  auto kept = f->engine().submit(echo, pattern(300));
  EXPECT_EQ(kept.result(), pattern(300));
  const int drops = MemoryTransformer::instance->drops.load();
  f->host_engine().shutdown(false);
  EXPECT_EQ(MemoryTransformer::instance, nullptr);  // the client's transformer is gone
  let_go(kept);  // must not call into it
  EXPECT_GE(drops, 1);
}

}  // namespace
}  // namespace taps::testing
