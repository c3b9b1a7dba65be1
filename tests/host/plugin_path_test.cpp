// The plugin search path: its sources, their order, and deduplication.
#include "plugins/plugin_path.hpp"

#include <gtest/gtest.h>

namespace taps::host {
namespace {

std::vector<std::string> paths_of(const std::vector<PluginDirectory>& dirs) {
  std::vector<std::string> out;
  for (const auto& dir : dirs) out.push_back(dir.path.lexically_normal().string());
  return out;
}

TEST(PluginPath, SearchesCommandLineThenEnvironmentThenNextToTheBinary) {
  const auto dirs = plugin_search_path({"/cli/a", "/cli/b"}, std::string("/env/a:/env/b"), "/opt/taps/bin");
  // The install's own plugin directory may follow when it differs.
  auto paths = paths_of(dirs);
  ASSERT_GE(paths.size(), 6u);
  paths.resize(6);
  EXPECT_EQ(paths, (std::vector<std::string>{"/cli/a", "/cli/b", "/env/a", "/env/b", "/opt/taps/plugins",
                                             "/opt/taps/lib/taps/plugins"}));
  EXPECT_EQ(dirs[0].origin, "--plugin-path");
  EXPECT_EQ(dirs[2].origin, "TAPS_PLUGIN_PATH");
  EXPECT_EQ(dirs[4].origin, "default");
  EXPECT_TRUE(dirs[2].explicit_entry);
  EXPECT_FALSE(dirs[4].explicit_entry);
}

TEST(PluginPath, SkipsEmptyEntriesOfTheEnvironmentVariable) {
  const auto dirs = plugin_search_path({}, std::string(":/env/a::/env/b:"), "");
  EXPECT_EQ(paths_of(dirs), (std::vector<std::string>{"/env/a", "/env/b"}));
}

TEST(PluginPath, KeepsADirectoryReachedTwiceOnlyAtItsFirstPosition) {
  const auto dirs = plugin_search_path({"/opt/taps/plugins", "/cli/a"}, std::string("/cli/a/"), "/opt/taps/bin");
  auto paths = paths_of(dirs);
  ASSERT_GE(paths.size(), 3u);
  paths.resize(3);
  EXPECT_EQ(paths, (std::vector<std::string>{"/opt/taps/plugins", "/cli/a", "/opt/taps/lib/taps/plugins"}));
}

TEST(PluginPath, KnowsWhereTheRunningExecutableIs) {
  EXPECT_TRUE(executable_path().is_absolute());
  EXPECT_TRUE(std::filesystem::exists(executable_path()));
  EXPECT_EQ(executable_directory(), executable_path().parent_path());
}

}  // namespace
}  // namespace taps::host
