// The thread-pool executor, loaded from its built .so with a fake host.
#include "fake_executor_host.hpp"
#include "fake_host.hpp"
#include "plugin_library.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <latch>
#include <thread>
#include <vector>

namespace taps::testing {
namespace {

using namespace std::chrono_literals;

// Waits for `done` with a deadline, so a lost task fails the test instead of
// hanging it.
template <class Done>
bool eventually(Done done, std::chrono::seconds limit = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

class Pool {
 public:
  explicit Pool(int workers)
      : executor_host_(host_),
        library_(TAPS_THREAD_POOL_PLUGIN),
        instance_(library_.plugin(TAPS_KIND_EXECUTOR, "thread-pool"), host_.get(),
                  config_with_defaults(library_.plugin(TAPS_KIND_EXECUTOR, "thread-pool"),
                                       {{"workers", std::to_string(workers)}})) {
    if (instance_.status() != TAPS_OK) throw std::runtime_error("create failed: " + instance_.error().message);
  }

  taps_status submit(taps_task* task) {
    CapturedError error;
    auto sink = error.sink();
    return methods().submit(instance_.self(), task, &sink);
  }
  taps_status shutdown(bool wait, bool cancel_pending) {
    return methods().shutdown(instance_.self(), wait, cancel_pending, nullptr);
  }
  void destroy() { instance_.reset(); }

 private:
  const taps_executor_methods& methods() const { return instance_.methods<taps_executor_methods>(); }

  FakeHost host_;
  FakeExecutorHost executor_host_;
  PluginLibrary library_;
  Instance instance_;
};

std::deque<taps_task> make_tasks(TaskTracker& tracker, int count) {
  std::deque<taps_task> tasks(static_cast<std::size_t>(count));
  for (auto& task : tasks) task.tracker = &tracker;
  return tasks;
}

TEST(ThreadPool, DescribesItselfAsAnExecutorWithAWorkersOption) {
  PluginLibrary library(TAPS_THREAD_POOL_PLUGIN);
  const auto& d = library.plugin(TAPS_KIND_EXECUTOR, "thread-pool");
  ASSERT_EQ(d.option_count, 1u);
  EXPECT_STREQ(d.options[0].key, "workers");
  EXPECT_EQ(d.options[0].type, TAPS_OPTION_INT);
  EXPECT_STREQ(d.options[0].default_value, "0");
  EXPECT_TRUE(d.options[0].flags & TAPS_OPTION_HAS_MIN);
  EXPECT_EQ(static_cast<const taps_executor_methods*>(d.methods)->worker_main, nullptr);
}

TEST(ThreadPool, RunsEverySubmittedTaskExactlyOnce) {
  TaskTracker tracker;
  auto tasks = make_tasks(tracker, 20000);
  Pool pool(2);
  std::vector<std::thread> submitters;
  for (int t = 0; t < 4; ++t) {
    submitters.emplace_back([&, t] {
      for (std::size_t i = static_cast<std::size_t>(t); i < tasks.size(); i += 4) {
        ASSERT_EQ(pool.submit(&tasks[i]), TAPS_OK);
      }
    });
  }
  for (auto& s : submitters) s.join();
  EXPECT_TRUE(eventually([&] { return tracker.executed.load() == 20000; }));
  ASSERT_EQ(pool.shutdown(true, false), TAPS_OK);
  EXPECT_EQ(tracker.executed.load(), 20000);
  EXPECT_EQ(tracker.failed.load(), 0);
  EXPECT_EQ(tracker.finished_twice.load(), 0);
}

TEST(ThreadPool, RunsTasksSubmittedFromWorkerThreads) {
  // A binary tree of tasks: each task submits its two children from the
  // worker running it, as the engine dispatches children from the thread
  // that finished their parent.
  TaskTracker tracker;
  constexpr int depth = 12;
  constexpr int count = (1 << depth) - 1;
  auto tasks = make_tasks(tracker, count);
  Pool pool(2);
  std::atomic<int> submit_errors{0};
  for (int i = 0; i < count; ++i) {
    tasks[static_cast<std::size_t>(i)].body = [&, i] {
      for (int child = 2 * i + 1; child <= 2 * i + 2 && child < count; ++child) {
        if (pool.submit(&tasks[static_cast<std::size_t>(child)]) != TAPS_OK) submit_errors.fetch_add(1);
      }
    };
  }
  ASSERT_EQ(pool.submit(&tasks[0]), TAPS_OK);
  EXPECT_TRUE(eventually([&] { return tracker.executed.load() == count; }));
  ASSERT_EQ(pool.shutdown(true, false), TAPS_OK);
  EXPECT_EQ(tracker.executed.load(), count);
  EXPECT_EQ(submit_errors.load(), 0);
  EXPECT_EQ(tracker.finished_twice.load(), 0);
}

TEST(ThreadPool, RunsTasksConcurrentlyOnTheConfiguredWorkers) {
  TaskTracker tracker;
  auto tasks = make_tasks(tracker, 3);
  std::atomic<int> arrived{0};
  std::atomic<bool> all_met{true};
  for (auto& task : tasks) {
    task.body = [&] {
      arrived.fetch_add(1);
      // Only three workers running at once let all three tasks meet here.
      if (!eventually([&] { return arrived.load() == 3; }, 10s)) all_met = false;
    };
  }
  Pool pool(3);
  for (auto& task : tasks) ASSERT_EQ(pool.submit(&task), TAPS_OK);
  ASSERT_EQ(pool.shutdown(true, false), TAPS_OK);
  EXPECT_TRUE(all_met.load());
  EXPECT_EQ(tracker.executed.load(), 3);
}

TEST(ThreadPool, FinishesQueuedTasksWhenShutdownWaits) {
  TaskTracker tracker;
  auto tasks = make_tasks(tracker, 101);
  std::latch release(1);
  tasks[0].body = [&] { release.wait(); };
  Pool pool(1);
  for (auto& task : tasks) ASSERT_EQ(pool.submit(&task), TAPS_OK);
  std::thread releaser([&] {
    std::this_thread::sleep_for(50ms);
    release.count_down();
  });
  ASSERT_EQ(pool.shutdown(true, false), TAPS_OK);
  releaser.join();
  EXPECT_EQ(tracker.executed.load(), 101);
  EXPECT_EQ(tracker.failed.load(), 0);
}

TEST(ThreadPool, FailsPendingTasksAsCancelledWhenShutdownCancels) {
  TaskTracker tracker;
  auto tasks = make_tasks(tracker, 11);
  // The running task holds the only worker until the ten queued tasks have
  // been failed by shutdown().
  tasks[0].body = [&] { eventually([&] { return tracker.failed.load() == 10; }, 10s); };
  Pool pool(1);
  ASSERT_EQ(pool.submit(&tasks[0]), TAPS_OK);
  ASSERT_TRUE(eventually([&] { return tracker.host_calls.load() == 1; }));
  for (std::size_t i = 1; i < tasks.size(); ++i) ASSERT_EQ(pool.submit(&tasks[i]), TAPS_OK);
  ASSERT_EQ(pool.shutdown(true, true), TAPS_OK);
  EXPECT_EQ(tracker.executed.load(), 1);
  EXPECT_EQ(tracker.failed.load(), 10);
  for (const auto& type : tracker.failure_types) EXPECT_EQ(type, "CancelledError");
  EXPECT_EQ(tracker.finished_twice.load(), 0);
}

TEST(ThreadPool, MakesNoHostCallsAfterShutdownReturns) {
  TaskTracker tracker;
  auto tasks = make_tasks(tracker, 1001);
  for (auto& task : tasks) task.body = [] { std::this_thread::sleep_for(10us); };
  Pool pool(2);
  for (std::size_t i = 0; i + 1 < tasks.size(); ++i) ASSERT_EQ(pool.submit(&tasks[i]), TAPS_OK);
  ASSERT_EQ(pool.shutdown(false, false), TAPS_OK);
  const int calls = tracker.host_calls.load();
  EXPECT_EQ(calls, 1000);  // each task finished once: run or failed
  EXPECT_NE(pool.submit(&tasks.back()), TAPS_OK);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(tracker.host_calls.load(), calls);
}

TEST(ThreadPool, FinishesQueuedTasksWhenDestroyedWithoutShutdown) {
  TaskTracker tracker;
  auto tasks = make_tasks(tracker, 100);
  {
    Pool pool(2);
    for (auto& task : tasks) ASSERT_EQ(pool.submit(&task), TAPS_OK);
    pool.destroy();
  }
  EXPECT_EQ(tracker.executed.load(), 100);
}

}  // namespace
}  // namespace taps::testing
