// Run directories: their names, and that no two runs ever share one.
#include "run/run_directory.hpp"
#include "config/config_error.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace taps::host {
namespace {

TEST(RunDirectory, ExpandsNameExecutorAndTimestamp) {
  std::tm when{};
  when.tm_year = 2024 - 1900;
  when.tm_mon = 4;
  when.tm_mday = 1;
  when.tm_hour = 13;
  when.tm_min = 2;
  when.tm_sec = 3;
  when.tm_isdst = -1;
  const std::time_t start = std::mktime(&when);
  EXPECT_EQ(expand_dir_format("runs/{name}_{executor}_{timestamp}", "synthetic", "thread-pool", start),
            std::filesystem::path("runs/synthetic_thread-pool_2024-05-01-13-02-03"));
  EXPECT_EQ(expand_dir_format("plain", "a", "b", start), std::filesystem::path("plain"));
  EXPECT_EQ(expand_dir_format("{app}-{executor}", "a", "b", start), std::filesystem::path("a-b"));
}

// The reference formats dir_format with str.format(): doubled braces are
// literal ones.
TEST(RunDirectory, TakesDoubledBracesAsLiteralBracesAsTheReferenceDoes) {
  EXPECT_EQ(expand_dir_format("runs/{{x}}_{name}", "synthetic", "thread-pool", 0),
            std::filesystem::path("runs/{x}_synthetic"));
  EXPECT_EQ(expand_dir_format("a}}b{{", "s", "t", 0), std::filesystem::path("a}b{"));
}

TEST(RunDirectory, RefusesAnUnknownPlaceholder) {
  try {
    expand_dir_format("runs/{host}_{timestamp}", "a", "b", 0);
    FAIL() << "accepted {host}";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), ::testing::AllOf(::testing::HasSubstr("{host}"), ::testing::HasSubstr("{name}")));
  }
  EXPECT_THROW(expand_dir_format("", "a", "b", 0), ConfigError);
}

TEST(RunDirectory, AppendsACounterWhenTheDirectoryExists) {
  test::ScratchDir scratch;
  const auto wanted = scratch.path() / "runs" / "same";
  EXPECT_EQ(create_run_directory(wanted), wanted);
  EXPECT_EQ(create_run_directory(wanted), scratch.path() / "runs" / "same-1");
  EXPECT_EQ(create_run_directory(wanted), scratch.path() / "runs" / "same-2");
}

TEST(RunDirectory, NeverGivesOneDirectoryToTwoConcurrentRuns) {
  test::ScratchDir scratch;
  const auto wanted = scratch.path() / "race";
  std::vector<std::filesystem::path> created(16);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < created.size(); ++i) {
    threads.emplace_back([&, i] { created[i] = create_run_directory(wanted); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::set<std::filesystem::path>(created.begin(), created.end()).size(), created.size());
}

TEST(RunDirectory, ReturnsAnAbsolutePathForARelativeFormat) {
  test::ScratchDir scratch;
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(scratch.path());
  const auto created = create_run_directory("runs/x");
  std::filesystem::current_path(previous);
  EXPECT_TRUE(created.is_absolute());
  EXPECT_EQ(created, std::filesystem::canonical(scratch.path()) / "runs" / "x");
}

}  // namespace
}  // namespace taps::host
