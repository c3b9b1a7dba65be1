// taps-host as users meet it: list, describe, and the command-line errors
// of run (exit status 2, one clear line, no run directory left behind).
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace taps::host {
namespace {

using test::fixture_dir;
using test::run_host;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> plugin_path(std::initializer_list<const char*> cases) {
  std::vector<std::string> args;
  for (const char* name : cases) {
    args.push_back("--plugin-path");
    args.push_back(fixture_dir(name).string());
  }
  return args;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> c_run{"run",     "--app",           "c-squares", "--engine.executor",
                                     "c-queue", "--engine.logger", "c-lines"};

// A usage error: status 2, one line on stderr, nothing written.
void expect_usage_error(const test::ProcessResult& result, const test::ScratchDir& cwd) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("taps-host: error: "));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_FALSE(std::filesystem::exists(cwd.path() / "runs"));
}

TEST(Cli, ListShowsEveryPluginWithVersionAbiAndFile) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid", "newer-minor"}), {"list"}), cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("app"), HasSubstr("c-squares"), HasSubstr("1.2.3"), HasSubstr("executor"),
                                HasSubstr("c-queue"), HasSubstr("logger"), HasSubstr("c-lines"), HasSubstr("1.0"),
                                HasSubstr("fixture_valid.so"), HasSubstr("c-future"), HasSubstr("1.99"),
                                HasSubstr(fixture_dir("valid").string())));
  EXPECT_THAT(result.out, Not(HasSubstr("Problems")));
}

TEST(Cli, ListReportsBrokenLibrariesAsProblemsInsteadOfCrashing) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid", "no-entry", "other-major", "wrong-major-field",
                                                   "small-struct", "unresolved", "not-elf", "duplicate"}),
                                      {"list"}),
                               cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("Problems:"), HasSubstr("fixture_other_major.so: built for taps ABI 2"),
                                HasSubstr("fixture_wrong_major_field.so"), HasSubstr("fixture_no_entry.so"),
                                HasSubstr("fixture_small_struct.so"), HasSubstr("fixture_unresolved.so"),
                                HasSubstr("garbage.so"), HasSubstr("shadowed"), HasSubstr("c-squares")));
}

TEST(Cli, ListAndRunSurviveATruncatedLibrary) {
  test::ScratchDir cwd;
  const auto bytes = test::read_file(fixture_dir("valid") / "fixture_valid.so");
  std::filesystem::create_directory(cwd.path() / "tr");
  test::write_file(cwd.path() / "tr" / "taps_trunc.so", bytes.substr(0, 3000));
  const auto with_damaged = concat({"--plugin-path", (cwd.path() / "tr").string()}, plugin_path({"valid"}));
  const auto listed = run_host(concat(with_damaged, {"list"}), cwd.path());
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, AllOf(HasSubstr("c-squares"), HasSubstr("Problems:"), HasSubstr("taps_trunc.so"),
                                HasSubstr("truncated")));
  const auto ran = run_host(concat(with_damaged, concat(c_run, {"--app.task-count", "3"})), cwd.path());
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
}

// Every subcommand's own options go through the same guard as run's: an
// argument holding one of Program_options' placeholders would otherwise make
// its error message loop forever.
TEST(Cli, EverySubcommandRefusesAnArgumentHoldingAnErrorPlaceholder) {
  for (const char* command : {"list", "describe", "report", "sweep", "clean"}) {
    test::ScratchDir cwd;
    const auto result = run_host({command, "--x%option%"}, cwd.path());
    expect_usage_error(result, cwd);
    EXPECT_THAT(result.err, HasSubstr("cannot parse the argument '--x%option%'")) << command;
  }
}

TEST(Cli, AcceptsThePluginPathAfterTheSubcommandToo) {
  test::ScratchDir cwd;
  const auto result = run_host(concat({"list"}, plugin_path({"valid"})), cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("c-squares"));
}

TEST(Cli, SearchesTheDirectoriesOfTapsPluginPath) {
  test::ScratchDir cwd;
  const auto result =
      run_host({"list"}, cwd.path(),
               {{"TAPS_PLUGIN_PATH", fixture_dir("valid").string() + ":" + fixture_dir("newer-minor").string()}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("c-squares"), HasSubstr("c-future"), HasSubstr("TAPS_PLUGIN_PATH")));
}

TEST(Cli, DescribeShowsOptionsWithTypesDefaultsRangesChoicesAndUnits) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid"}), {"describe", "c-squares"}), cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("app 'c-squares' 1.2.3"), HasSubstr("Sums squares"),
                                HasSubstr("fixture_valid.so"), HasSubstr("task_count  (--app.task-count)"),
                                HasSubstr("int, default 8, an integer from 0 to 100000 [tasks]"),
                                HasSubstr("float, default 0, a number from 0 to 60 [s]"),
                                HasSubstr("string, default correct, one of: correct, wrong"),
                                HasSubstr("bool, default false"), HasSubstr("table, default {}"),
                                HasSubstr("string, unset by default"), HasSubstr("Task functions: square")));
}

TEST(Cli, DescribeShowsRequiredOptionsAndOptionsOfANewerMinor) {
  test::ScratchDir cwd;
  auto result = run_host(concat(plugin_path({"create-fails"}), {"describe", "executor/c-unreachable"}), cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("address"), HasSubstr("string, required")));
  result = run_host(concat(plugin_path({"newer-minor"}), {"describe", "c-future"}), cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("ABI:   1.99"), HasSubstr("workers_hint"), HasSubstr("label"),
                                HasSubstr("int, default 1, an integer >= 1 [threads]")));
}

TEST(Cli, DescribeRefusesAnUnknownPluginListingThoseThatExist) {
  test::ScratchDir cwd;
  auto result = run_host(concat(plugin_path({"valid"}), {"describe", "warp-drive"}), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("warp-drive"), HasSubstr("app/c-squares"), HasSubstr("executor/c-queue")));
  result = run_host(concat(plugin_path({"valid"}), {"describe", "filter/c-queue"}), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("unknown filter 'c-queue'"), HasSubstr("no filters were found")));
}

TEST(Cli, RunRefusesAnUnknownAppListingTheAvailableOnes) {
  test::ScratchDir cwd;
  const auto result =
      run_host(concat(plugin_path({"valid"}), {"run", "--app", "nope", "--engine.executor", "c-queue"}), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("unknown app 'nope'"), HasSubstr("available apps: c-squares")));
}

TEST(Cli, RunRefusesAnUnknownOptionListingThePluginsOptions) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid"}), concat(c_run, {"--app.task-cuont", "3"})), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("app 'c-squares' has no option 'task-cuont'"),
                                HasSubstr("--app.task-count, --app.task-sleep, --app.expect")));
}

TEST(Cli, RunRefusesAValueOutOfRangeNamingOptionValueAndRange) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid"}), concat(c_run, {"--app.task-count", "-3"})), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("--app.task-count"), HasSubstr("'-3'"), HasSubstr("from 0 to 100000")));
}

TEST(Cli, RunRefusesAValueOfTheWrongType) {
  test::ScratchDir cwd;
  auto result = run_host(concat(plugin_path({"valid"}), concat(c_run, {"--app.task-sleep", "soon"})), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("--app.task-sleep"), HasSubstr("'soon'"), HasSubstr("a number")));
  result = run_host(concat(plugin_path({"valid"}), concat(c_run, {"--app.expect", "maybe"})), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("'maybe'"), HasSubstr("one of: correct, wrong")));
}

TEST(Cli, RunRefusesAMissingRequiredOption) {
  test::ScratchDir cwd;
  const auto result = run_host(
      concat(plugin_path({"valid", "create-fails"}),
             {"run", "--app", "c-squares", "--engine.executor", "c-unreachable", "--engine.logger", "c-lines"}),
      cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("needs option 'address'"), HasSubstr("--engine.executor.address")));
}

TEST(Cli, RunRefusesAConfigFileThatDoesNotExist) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid"}), concat(c_run, {"--config", "missing.toml"})), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, HasSubstr("missing.toml"));
}

TEST(Cli, RunRefusesAnUnknownDirectoryPlaceholder) {
  test::ScratchDir cwd;
  const auto result =
      run_host(concat(plugin_path({"valid"}), concat(c_run, {"--run.dir-format", "runs/{host}"})), cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, HasSubstr("{host}"));
}

TEST(Cli, RunHelpShowsTheOptionsOfTheSelectedPlugins) {
  test::ScratchDir cwd;
  const auto result = run_host(concat(plugin_path({"valid"}), {"run", "--app", "c-squares", "--help"}), cwd.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("Options of app 'c-squares'"), HasSubstr("--app.task-count"),
                                HasSubstr("--engine.executor NAME"), HasSubstr("--logging.level")));
  EXPECT_FALSE(std::filesystem::exists(cwd.path() / "runs"));
}

TEST(Cli, UnknownCommandIsAUsageError) {
  test::ScratchDir cwd;
  const auto result = run_host({"fly"}, cwd.path());
  expect_usage_error(result, cwd);
  EXPECT_THAT(result.err, AllOf(HasSubstr("unknown command 'fly'"), HasSubstr("run, list, describe")));
  EXPECT_EQ(run_host({}, cwd.path()).exit_code, 2);
  EXPECT_EQ(run_host({"--help"}, cwd.path()).exit_code, 0);
}

TEST(Cli, PrintsItsVersions) {
  test::ScratchDir cwd;
  const auto result = run_host({"--version"}, cwd.path());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, AllOf(HasSubstr(TAPS_VERSION), HasSubstr("ABI " + test::abi_text())));
}

}  // namespace
}  // namespace taps::host
