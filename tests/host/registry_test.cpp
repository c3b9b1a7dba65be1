// The registry against the fixture libraries of tests/fixtures: what loads,
// what is refused, and that every refusal names the file and the versions.
#include "plugins/registry.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

namespace taps::host {
namespace {

using test::fixture_dir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

PluginRegistry registry_of(std::initializer_list<const char*> cases) {
  std::vector<PluginDirectory> dirs;
  for (const char* name : cases) dirs.push_back({fixture_dir(name), "--plugin-path", true});
  return PluginRegistry(dirs);
}

std::string only_problem(const PluginRegistry& registry) {
  EXPECT_EQ(registry.problems().size(), 1u);
  return registry.problems().empty() ? std::string() : registry.problems().front().to_string();
}

TEST(Loader, LoadsPureCPluginsOfEveryKindFromOneLibrary) {
  const auto registry = registry_of({"valid"});
  EXPECT_TRUE(registry.problems().empty());
  const auto* app = registry.find(TAPS_KIND_APP, "c-squares");
  const auto* executor = registry.find(TAPS_KIND_EXECUTOR, "c-queue");
  const auto* logger = registry.find(TAPS_KIND_LOGGER, "c-lines");
  ASSERT_NE(app, nullptr);
  ASSERT_NE(executor, nullptr);
  ASSERT_NE(logger, nullptr);
  EXPECT_EQ(app->version, "1.2.3");
  EXPECT_EQ(app->abi_major, 1u);
  EXPECT_EQ(app->abi_minor, static_cast<uint32_t>(TAPS_ABI_MINOR));
  EXPECT_TRUE(app->file.is_absolute());
  EXPECT_EQ(app->file.filename(), "fixture_valid.so");
  EXPECT_EQ(app->options.size(), 6u);
  ASSERT_EQ(app->functions.size(), 1u);
  EXPECT_STREQ(app->functions[0]->name, "square");
}

TEST(Loader, RefusesPluginWithOtherAbiMajor) {
  const auto registry = registry_of({"other-major"});
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("fixture_other_major.so"), HasSubstr("taps ABI 2"),
                                            HasSubstr("supports ABI 1"), HasSubstr("taps_plugin_entry_v2")));
}

TEST(Loader, RefusesEntryWhoseAbiMajorFieldDisagreesWithItsSymbol) {
  const auto registry = registry_of({"wrong-major-field"});
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_THAT(only_problem(registry),
              AllOf(HasSubstr("fixture_wrong_major_field.so"), HasSubstr("ABI 2.0"), HasSubstr("supports ABI " + test::abi_text())));
}

TEST(Loader, ReportsLibraryWithoutEntrySymbol) {
  const auto registry = registry_of({"no-entry"});
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("fixture_no_entry.so"), HasSubstr("taps_plugin_entry_v1")));
}

TEST(Loader, LoadsPluginBuiltForNewerMinorWithLargerStructs) {
  const auto registry = registry_of({"newer-minor"});
  EXPECT_TRUE(registry.problems().empty());
  const auto* executor = registry.find(TAPS_KIND_EXECUTOR, "c-future");
  ASSERT_NE(executor, nullptr);
  EXPECT_EQ(executor->abi_minor, 99u);
  // The second option is only read right with the plugin's own stride.
  ASSERT_EQ(executor->options.size(), 2u);
  EXPECT_STREQ(executor->options[0]->key, "workers_hint");
  EXPECT_STREQ(executor->options[1]->key, "label");
  EXPECT_STREQ(executor->options[1]->default_value, "future");
}

TEST(Loader, RefusesDescriptorSmallerThanAbiOneZero) {
  const auto registry = registry_of({"small-struct"});
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_THAT(only_problem(registry),
              AllOf(HasSubstr("fixture_small_struct.so"), HasSubstr("struct_size 8"), HasSubstr("ABI 1.0")));
}

TEST(Loader, ReportsWhyALibraryCannotBeLoaded) {
  const auto registry = registry_of({"unresolved"});
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("fixture_unresolved.so"), HasSubstr("cannot be loaded"),
                                            HasSubstr("taps_fixture_missing_function")));
  // Only dlerror's text: no stray parenthesis, no unrelated errno appended.
  EXPECT_THAT(only_problem(registry), AllOf(Not(HasSubstr(")")), Not(HasSubstr("Bad file descriptor"))));
}

TEST(Loader, ReportsFileThatIsNoSharedLibrary) {
  const auto registry = registry_of({"not-elf"});
  EXPECT_TRUE(registry.plugins().empty());
  EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("garbage.so"), HasSubstr("cannot be loaded")));
}

// A half-copied library: dlopen would map segments the file no longer has
// and die of SIGBUS. Every cut length must end as a problem, never a crash,
// and the valid plugins next to it still load.
TEST(Loader, ReportsATruncatedLibraryAndKeepsTheOthers) {
  const auto original = fixture_dir("valid") / "fixture_valid.so";
  const auto bytes = test::read_file(original);
  for (std::size_t length : {std::size_t{0}, std::size_t{10}, std::size_t{63}, std::size_t{64}, std::size_t{300},
                             std::size_t{3000}, bytes.size() / 2, bytes.size() - 1}) {
    test::ScratchDir damaged;
    test::write_file(damaged.path() / "taps_trunc.so", bytes.substr(0, length));
    const PluginRegistry registry({{damaged.path(), "--plugin-path", true}, {fixture_dir("valid"), "--plugin-path", true}});
    EXPECT_NE(registry.find(TAPS_KIND_APP, "c-squares"), nullptr) << length;
    EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("taps_trunc.so"), HasSubstr("cannot be loaded")))
        << length;
  }
}

TEST(Loader, KeepsTheFirstOfTwoPluginsWithOneNameAndReportsTheOtherAsShadowed) {
  const auto registry = registry_of({"duplicate"});
  const auto* twin = registry.find(TAPS_KIND_EXECUTOR, "c-twin");
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->version, "1.0.0");
  EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("fixture_twin_b.so"), HasSubstr("2.0.0"), HasSubstr("shadowed"),
                                            HasSubstr("fixture_twin_a.so"), HasSubstr("1.0.0")));
}

TEST(Loader, EarlierDirectoryOnThePathWins) {
  // The same library reached through two directories would be deduplicated;
  // the valid case and the newer-minor case share no names, so use the
  // twins' directory after a copy of b placed first.
  test::ScratchDir first;
  std::filesystem::copy_file(fixture_dir("duplicate") / "fixture_twin_b.so", first.path() / "b.so");
  const PluginRegistry registry(
      {{first.path(), "--plugin-path", true}, {fixture_dir("duplicate"), "--plugin-path", true}});
  const auto* twin = registry.find(TAPS_KIND_EXECUTOR, "c-twin");
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->version, "2.0.0");
  EXPECT_EQ(registry.problems().size(), 2u);
}

TEST(Loader, SurvivesEveryBrokenCaseAtOnce) {
  const auto registry = registry_of({"valid", "no-entry", "other-major", "wrong-major-field", "newer-minor",
                                     "create-fails", "duplicate", "small-struct", "unresolved", "not-elf"});
  EXPECT_EQ(registry.plugins().size(), 3u + 1u + 1u + 1u);  // valid, newer-minor, create-fails, one twin
  EXPECT_EQ(registry.problems().size(), 7u);
}

TEST(Loader, ReportsAPluginDirectoryThatDoesNotExist) {
  const PluginRegistry registry({{"/nonexistent/taps-plugins", "TAPS_PLUGIN_PATH", true}});
  EXPECT_THAT(only_problem(registry), AllOf(HasSubstr("/nonexistent/taps-plugins"), HasSubstr("TAPS_PLUGIN_PATH")));
}

TEST(Loader, IgnoresMissingDefaultDirectories) {
  const PluginRegistry registry({{"/nonexistent/taps-plugins", "default", false}});
  EXPECT_TRUE(registry.problems().empty());
}

TEST(Registry, FindsPluginsByNameAcrossKinds) {
  const auto registry = registry_of({"valid"});
  ASSERT_EQ(registry.find_by_name("c-queue").size(), 1u);
  EXPECT_EQ(registry.find_by_name("c-queue").front()->kind, static_cast<taps_plugin_kind>(TAPS_KIND_EXECUTOR));
  EXPECT_TRUE(registry.find_by_name("nothing").empty());
  EXPECT_EQ(registry.of_kind(TAPS_KIND_APP).size(), 1u);
}

TEST(Registry, ResolvesAnAppsTaskFunctionToACallableDescriptor) {
  const auto registry = registry_of({"valid"});
  EXPECT_EQ(registry.find_function("c-squares", "cube"), nullptr);
  EXPECT_EQ(registry.find_function("no-app", "square"), nullptr);
  const auto* square = registry.find_function("c-squares", "square");
  ASSERT_NE(square, nullptr);

  const std::int64_t x = 7;
  const double sleep = 0;
  const taps_payload_view args[2] = {
      {sizeof(taps_payload_view), "c-int64", reinterpret_cast<const std::uint8_t*>(&x), sizeof(x)},
      {sizeof(taps_payload_view), "c-f64", reinterpret_cast<const std::uint8_t*>(&sleep), sizeof(sleep)}};
  taps_buffer result{};
  ASSERT_EQ(square->invoke(nullptr, args, 2, &result, nullptr), TAPS_OK);
  std::int64_t value = 0;
  ASSERT_EQ(result.size, sizeof(value));
  std::memcpy(&value, result.data, sizeof(value));
  EXPECT_EQ(value, 49);
  result.release(result.owner);
}

TEST(Registry, FindsOptionsWithEitherSeparator) {
  const auto registry = registry_of({"valid"});
  const auto* app = registry.find(TAPS_KIND_APP, "c-squares");
  ASSERT_NE(app, nullptr);
  EXPECT_NE(app->find_option("task-count"), nullptr);
  EXPECT_NE(app->find_option("task_count"), nullptr);
  EXPECT_EQ(app->find_option("task-counts"), nullptr);
}

}  // namespace
}  // namespace taps::host
