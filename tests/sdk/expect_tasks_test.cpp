// Engine::expect_tasks, added in ABI minor 3: it reaches a host that has
// it, and an older host's smaller engine table is never read past its end.
#include <taps/engine.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

namespace taps {
namespace {

std::uint64_t announced = 0;
void record(taps_engine*, uint64_t total) { announced = total; }

TEST(ExpectTasks, ReachesAHostThatOffersIt) {
  taps_engine_api api{};
  api.struct_size = sizeof api;
  api.expect_tasks = &record;
  announced = 0;
  const Engine engine(nullptr, &api, "app", nullptr, 0);
  engine.expect_tasks(120);
  EXPECT_EQ(announced, 120u);
}

TEST(ExpectTasks, IsANoOpOnAHostOfAnOlderMinorOrWithoutTheFunction) {
  taps_engine_api api{};
  // A minor-2 host's table ends after executor_traits; what follows it in
  // this (larger) struct must not be called even if it holds something.
  api.struct_size = static_cast<uint32_t>(offsetof(taps_engine_api, expect_tasks));
  api.expect_tasks = &record;
  announced = 0;
  const Engine old_host(nullptr, &api, "app", nullptr, 0);
  old_host.expect_tasks(120);
  EXPECT_EQ(announced, 0u);

  api.struct_size = sizeof api;
  api.expect_tasks = nullptr;
  const Engine without(nullptr, &api, "app", nullptr, 0);
  without.expect_tasks(120);
  EXPECT_EQ(announced, 0u);
}

}  // namespace
}  // namespace taps
