// Configuration: TOML files, the command line, merging, validation and the
// config.toml that replays a run.
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/config_toml.hpp"
#include "config/resolved_config.hpp"
#include "config/schema_options.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace taps::host {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::ThrowsMessage;

const PluginRegistry& fixtures() {
  static const PluginRegistry registry({{test::fixture_dir("valid"), "--plugin-path", true},
                                        {test::fixture_dir("create-fails"), "--plugin-path", true}});
  return registry;
}

// The layers a run would use: the files in order, then the command line.
std::vector<ConfigLayer> layers_of(const std::vector<std::string>& files, const std::vector<std::string>& args) {
  std::vector<ConfigLayer> layers;
  for (std::size_t i = 0; i < files.size(); ++i)
    layers.push_back(parse_config_text(files[i], "file" + std::to_string(i) + ".toml"));
  auto with_names = layers;
  with_names.push_back(parse_run_selection(args).names);
  layers.push_back(parse_run_command_line(args, select_plugins(with_names, fixtures())));
  return layers;
}

ResolvedConfig resolve(const std::vector<std::string>& files, const std::vector<std::string>& args) {
  return resolve_config(layers_of(files, args), fixtures());
}

std::string config_error(const std::vector<std::string>& files, const std::vector<std::string>& args) {
  try {
    resolve(files, args);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

const std::vector<std::string> c_plugins{"--app",   "c-squares",       "--engine.executor",
                                         "c-queue", "--engine.logger", "c-lines"};

std::vector<std::string> with(std::vector<std::string> more) {
  auto args = c_plugins;
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(ConfigFile, ReadsTheReferenceTables) {
  const auto layer = parse_config_text(R"(
[app]
name = "c-squares"
task-count = 3
labels = { team = "x" }

[engine.executor]
name = "c-queue"

[logging]
level = "DEBUG"
)",
                                       "a.toml");
  ASSERT_TRUE(layer.sections.at(Section::app).plugin.has_value());
  EXPECT_EQ(*layer.sections.at(Section::app).plugin, "c-squares");
  EXPECT_EQ(layer.sections.at(Section::app).values.at("task_count").integer, 3);
  EXPECT_EQ(layer.sections.at(Section::app).values.at("labels").text, R"({"team":"x"})");
  EXPECT_EQ(*layer.sections.at(Section::executor).plugin, "c-queue");
  EXPECT_EQ(layer.sections.at(Section::logging).values.at("level").text, "DEBUG");
}

TEST(ConfigFile, RefusesAnUnknownTableNamingFileAndLine) {
  EXPECT_THAT(config_error({"[app]\nname = \"c-squares\"\n\n[engine.executr]\nname = \"y\"\n"}, with({})),
              AllOf(HasSubstr("file0.toml:4"), HasSubstr("engine.executr"), HasSubstr("[engine.executor]")));
}

// A file of a newer TaPS: every field we do not know, with file and line,
// and no run.
TEST(ConfigFile, ListsEveryUnknownFieldOfEveryFileAtOnce) {
  const std::string error = config_error(
      {"future = 1\n[app]\nname = \"c-squares\"\nnew_knob = 2\n[engine]\nscheduler_hint = \"x\"\n",
       "[logging]\ncolour = true\n[telemetry]\nurl = \"x\"\n"},
      with({}));
  EXPECT_THAT(error, AllOf(HasSubstr("5 settings this taps-host does not know"), HasSubstr("file0.toml:1: unknown "
                                                                                          "top-level key 'future'"),
                           HasSubstr("file0.toml:4: [app] new_knob"), HasSubstr("file0.toml:6: unknown key "
                                                                                "[engine.scheduler_hint]"),
                           HasSubstr("file1.toml:2: [logging] colour"), HasSubstr("file1.toml:3: unknown table "
                                                                                  "'telemetry'")));
}

TEST(ConfigFile, RecordsTheVersionAndWarnsOnlyAcrossMajorVersions) {
  const std::string app = "[app]\nname = \"c-squares\"\n";
  const auto same = resolve({"version = \"0.2.3dev1\"\n" + app}, with({}));
  EXPECT_EQ(same.file_version, "0.2.3dev1");
  EXPECT_TRUE(same.warnings.empty());
  EXPECT_THAT(config_to_toml(same), HasSubstr("version = \"" TAPS_VERSION "\""));
  const auto other = resolve({"version = \"7.1.0\"\n" + app}, with({}));
  ASSERT_EQ(other.warnings.size(), 1u);
  EXPECT_THAT(other.warnings.front(),
              AllOf(HasSubstr("file0.toml:1"), HasSubstr("TaPS 7.1.0"), HasSubstr("taps " TAPS_VERSION)));
  // The written file replays.
  EXPECT_EQ(resolve({config_to_toml(other)}, {}).value(Section::app, "task_count"), "8");
}

TEST(ConfigFile, ReportsInvalidTomlWithItsLine) {
  try {
    parse_config_text("[app]\nname = \n", "broken.toml");
    FAIL() << "accepted invalid TOML";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("broken.toml:2"), HasSubstr("invalid TOML")));
  }
}

TEST(ConfigFile, RefusesAFileThatCannotBeRead) {
  EXPECT_THROW(read_config_file("/nonexistent/config.toml"), ConfigError);
}

TEST(ConfigFile, RefusesADirectoryAsAConfigFile) {
  test::ScratchDir dir;
  try {
    read_config_file(dir.path());
    FAIL() << "accepted a directory";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("cannot read config file"), HasSubstr("Is a directory")));
  }
}

// The reference writes `executor = "thread-pool"` in [engine].
TEST(ConfigFile, AcceptsThePluginNameAsAScalarInTheEngineTable) {
  const auto layer = parse_config_text("[engine]\nexecutor = \"c-queue\"\nlogger = \"c-lines\"\n", "a.toml");
  EXPECT_EQ(*layer.sections.at(Section::executor).plugin, "c-queue");
  EXPECT_EQ(*layer.sections.at(Section::logger).plugin, "c-lines");
  EXPECT_EQ(resolve({"[app]\nname = \"c-squares\"\n[engine]\nexecutor = \"c-queue\"\nlogger = \"c-lines\"\n"}, {})
                .plugin(Section::executor)
                ->name,
            "c-queue");
}

TEST(ConfigFile, SaysWhatToWriteForAnEngineEntryThatIsNeitherNameNorTable) {
  try {
    parse_config_text("[engine]\nexecutor = 4\n", "a.toml");
    FAIL() << "accepted executor = 4";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("a.toml:2"), HasSubstr("executor = \"thread-pool\""),
                                HasSubstr("[engine.executor]"), Not(HasSubstr("unknown table"))));
  }
}

TEST(ResolvedConfig, FillsInEveryDefault) {
  const auto config = resolve({}, c_plugins);
  EXPECT_EQ(config.plugin(Section::app)->name, "c-squares");
  EXPECT_EQ(config.value(Section::app, "task_count"), "8");
  EXPECT_EQ(config.value(Section::app, "task_sleep"), "0");
  EXPECT_EQ(config.value(Section::app, "labels"), "{}");
  EXPECT_EQ(config.section(Section::app)->find("comment"), nullptr);  // no default, not set
  EXPECT_EQ(config.value(Section::logger, "file_name"), "records.txt");
  EXPECT_EQ(config.value(Section::logging, "level"), "INFO");
  EXPECT_EQ(config.section(Section::logging)->find("file_level"), nullptr);  // follows level
  EXPECT_EQ(config.value(Section::logging, "file_name"), "log.txt");
  EXPECT_EQ(config.value(Section::run, "dir_format"), "runs/{name}_{executor}_{timestamp}");
  EXPECT_EQ(config.section(Section::transformer), nullptr);
}

TEST(ResolvedConfig, LaterFilesWinAndTheCommandLineWinsOverFiles) {
  const std::string a =
      "[app]\nname = \"c-squares\"\ntask_count = 3\ntask_sleep = 0.25\n[logging]\nlevel = \"debug\"\n";
  const std::string b = "[app]\ntask_count = 5\n";
  EXPECT_EQ(resolve({a}, with({})).value(Section::app, "task_count"), "3");
  EXPECT_EQ(resolve({a, b}, with({})).value(Section::app, "task_count"), "5");
  const auto config = resolve({a, b}, with({"--app.task-count", "7"}));
  EXPECT_EQ(config.value(Section::app, "task_count"), "7");
  EXPECT_EQ(config.value(Section::app, "task_sleep"), "0.25");
  EXPECT_EQ(config.value(Section::logging, "level"), "DEBUG");
  EXPECT_EQ(config.section(Section::app)->find("task_count")->origin, "--app.task-count");
}

TEST(ResolvedConfig, SelectsPluginsFromFilesWhenTheCommandLineDoesNot) {
  const std::string file =
      "[app]\nname = \"c-squares\"\n[engine.executor]\nname = \"c-queue\"\n[engine.logger]\nname = \"c-lines\"\n";
  const auto config = resolve({file}, {});
  EXPECT_EQ(config.plugin(Section::executor)->name, "c-queue");
}

TEST(ResolvedConfig, DropsOptionsMeantForAPluginThatALaterLayerReplaced) {
  const std::string file = "[engine.executor]\nname = \"c-unreachable\"\naddress = \"db:1\"\n";
  const auto config = resolve({file}, with({}));
  EXPECT_EQ(config.plugin(Section::executor)->name, "c-queue");
  ASSERT_EQ(config.notes.size(), 1u);
  EXPECT_THAT(config.notes.front(), AllOf(HasSubstr("c-unreachable"), HasSubstr("c-queue")));
}

TEST(ResolvedConfig, RefusesAnUnknownPluginListingThoseThatExist) {
  EXPECT_THAT(config_error({}, {"--app", "nope", "--engine.executor", "c-queue"}),
              AllOf(HasSubstr("--app"), HasSubstr("unknown app 'nope'"), HasSubstr("available apps: c-squares")));
  EXPECT_THAT(config_error({}, {"--app", "c-squares", "--engine.executor", "warp-drive"}),
              AllOf(HasSubstr("unknown executor 'warp-drive'"), HasSubstr("c-queue"), HasSubstr("c-unreachable")));
  // The default logger is not among the fixtures.
  EXPECT_THAT(config_error({}, {"--app", "c-squares", "--engine.executor", "c-queue"}),
              AllOf(HasSubstr("unknown logger 'jsonl'"), HasSubstr("the default of [engine.logger]")));
}

TEST(ResolvedConfig, RequiresAnApp) {
  EXPECT_THAT(config_error({}, {"--engine.executor", "c-queue"}),
              AllOf(HasSubstr("no app selected"), HasSubstr("c-squares")));
}

TEST(ResolvedConfig, RefusesAnUnknownOptionInAFileListingThePluginsOptions) {
  EXPECT_THAT(
      config_error({"[app]\ntask_cuont = 3\n"}, with({})),
      AllOf(HasSubstr("file0.toml:2: [app] task_cuont"), HasSubstr("app 'c-squares' has no option 'task_cuont'"),
            HasSubstr("task_count, task_sleep, expect, quiet, labels, comment")));
}

TEST(ResolvedConfig, RefusesAWrongTypeFromAFileNamingTheOption) {
  EXPECT_THAT(config_error({"[app]\ntask_count = 2.5\n"}, with({})),
              AllOf(HasSubstr("[app] task_count"), HasSubstr("'2.5'"), HasSubstr("an integer from 0 to 100000")));
}

TEST(ResolvedConfig, ValidatesAFileValueThatTheCommandLineOverrides) {
  EXPECT_THAT(config_error({"[app]\ntask_count = \"five\"\n"}, with({"--app.task-count", "3"})),
              AllOf(HasSubstr("file0.toml:2: [app] task_count"), HasSubstr("'five'")));
  EXPECT_THAT(config_error({"[app]\ntask_cuont = 1\n", "[app]\ntask_cuont = 2\n"}, with({})),
              HasSubstr("has no option 'task_cuont'"));
}

TEST(ResolvedConfig, QuotesANumberAsTheFileWroteIt) {
  EXPECT_THAT(config_error({"[app]\ntask_count = 2.0\n"}, with({})), HasSubstr("'2.0'"));
}

TEST(ResolvedConfig, RefusesNonFiniteNumbers) {
  for (const char* text : {"inf", "-inf", "nan", "1e999"}) {
    EXPECT_THAT(config_error({}, with({"--app.task-sleep", text})), HasSubstr("--app.task-sleep")) << text;
  }
  EXPECT_THAT(config_error({"[app]\ntask_sleep = inf\n"}, with({})), HasSubstr("not a finite number"));
}

TEST(ResolvedConfig, RequiresOptionsThatHaveNoDefault) {
  const std::vector<std::string> args{"--app",         "c-squares",       "--engine.executor",
                                      "c-unreachable", "--engine.logger", "c-lines"};
  EXPECT_THAT(config_error({}, args), AllOf(HasSubstr("executor 'c-unreachable' needs option 'address'"),
                                            HasSubstr("--engine.executor.address")));
  auto with_address = args;
  with_address.insert(with_address.end(), {"--engine.executor.address", "db:5432"});
  EXPECT_EQ(resolve({}, with_address).value(Section::executor, "address"), "db:5432");
}

TEST(ResolvedConfig, DeselectsTheDefaultLoggerWithNoneAndWritesThatDown) {
  const auto config = resolve({}, {"--app", "c-squares", "--engine.executor", "c-queue", "--engine.logger", "none"});
  ASSERT_NE(config.section(Section::logger), nullptr);
  EXPECT_EQ(config.plugin(Section::logger), nullptr);
  EXPECT_THAT(config_to_toml(config), HasSubstr("[engine.logger]\nname = \"none\""));
  EXPECT_EQ(resolve({config_to_toml(config)}, {}).plugin(Section::logger), nullptr);
}

TEST(ResolvedConfig, ReplaysExactlyFromItsConfigToml) {
  const auto first = resolve({}, with({"--app.task-count", "12", "--app.task-sleep", "0.1", "--app.expect", "WRONG",
                                       "--app.quiet", "yes", "--app.comment", "say \"hi\"\n\ttab \\ slash ü",
                                       "--app.labels", R"({"z": [1, 2.0, "x"], "a": {"b": true}})",
                                       "--logging.file-level", "debug", "--run.dir-format", "out/{name}"}));
  const std::string toml = config_to_toml(first);
  const auto replay = resolve({toml}, {});
  EXPECT_EQ(config_to_toml(replay), toml);
  EXPECT_EQ(replay.value(Section::app, "labels"), R"({"a":{"b":true},"z":[1,2.0,"x"]})");
  EXPECT_EQ(replay.value(Section::app, "comment"), "say \"hi\"\n\ttab \\ slash ü");
  EXPECT_EQ(replay.value(Section::app, "expect"), "wrong");
  EXPECT_EQ(replay.value(Section::run, "dir_format"), "out/{name}");
}

TEST(ResolvedConfig, KeepsATableTomlCannotHoldAsJsonText) {
  const auto first = resolve({}, with({"--app.labels", R"({"missing": null})"}));
  const std::string toml = config_to_toml(first);
  EXPECT_THAT(toml, HasSubstr(R"(labels = "{\"missing\":null}")"));
  EXPECT_EQ(resolve({toml}, {}).value(Section::app, "labels"), R"({"missing":null})");
}

TEST(CommandLine, AcceptsDashAndUnderscoreSpellings) {
  EXPECT_EQ(resolve({}, with({"--app.task_count", "4"})).value(Section::app, "task_count"), "4");
  EXPECT_EQ(resolve({}, with({"--app.task-count=5"})).value(Section::app, "task_count"), "5");
  EXPECT_EQ(resolve({}, with({"--logging.file_level", "ERROR"})).value(Section::logging, "file_level"), "ERROR");
}

TEST(CommandLine, ExplainsAnUnknownOptionWithThePluginsOptions) {
  EXPECT_THAT(config_error({}, with({"--app.tasks", "4"})),
              AllOf(HasSubstr("app 'c-squares' has no option 'tasks'"), HasSubstr("--app.task-count"),
                    HasSubstr("--app.task-sleep")));
  EXPECT_THAT(config_error({}, with({"--engine.executor.workers", "4"})),
              AllOf(HasSubstr("executor 'c-queue' has no option 'workers'"), HasSubstr("it has no options")));
  EXPECT_THAT(config_error({}, with({"--bogus", "4"})), HasSubstr("unknown option '--bogus'"));
}

TEST(CommandLine, RefusesOptionsOfAPluginKindNothingSelects) {
  EXPECT_THAT(config_error({}, with({"--engine.transformer.size", "4"})),
              AllOf(HasSubstr("no transformer is selected"), HasSubstr("--engine.transformer NAME")));
}

TEST(CommandLine, RefusesAStrayArgument) {
  EXPECT_THAT(config_error({}, with({"stray"})), HasSubstr("unexpected argument 'stray'"));
}

// Boost.Program_options would loop forever formatting this error (the
// input fuzz_config_cli found): it must be a ConfigError naming the argument.
TEST(CommandLine, RefusesAnArgumentHoldingAnErrorPlaceholder) {
  const std::vector<std::string> args{"-.l5ooengelg.r", "--loe%vel\x94" "e%\xfe\xff\xff\xfa%l%option%evel=", "4"};
  EXPECT_THAT([&] { (void)parse_run_selection(args); },
              ThrowsMessage<ConfigError>(HasSubstr("cannot parse the argument '--loe%vel")));
}

TEST(CommandLine, SelectionPassReadsOnlySelectionsFilesAndPaths) {
  const auto selection = parse_run_selection({"--app.task-count", "3", "--app", "c-squares", "--config", "a.toml",
                                              "b.toml", "--plugin-path", "dir", "--engine.executor.x", "y"});
  EXPECT_EQ(selection.config_files, (std::vector<std::string>{"a.toml", "b.toml"}));
  EXPECT_EQ(selection.plugin_paths, (std::vector<std::string>{"dir"}));
  EXPECT_EQ(*selection.names.sections.at(Section::app).plugin, "c-squares");
  EXPECT_FALSE(selection.help);
  EXPECT_TRUE(selection.names.sections.at(Section::app).values.empty());
}

TEST(RunHelp, ShowsTheOptionsOfTheSelectedPlugins) {
  const SelectedPlugins selected{{Section::app, fixtures().find(TAPS_KIND_APP, "c-squares")}};
  const auto help = run_help(selected);
  EXPECT_THAT(help, AllOf(HasSubstr("--app.task-count INT"), HasSubstr("default 8, an integer from 0 to 100000"),
                          HasSubstr("[s]"), HasSubstr("one of: correct, wrong"), HasSubstr("--logging.file-level"),
                          HasSubstr("--engine.executor NAME")));
  EXPECT_THAT(run_help({}), Not(HasSubstr("--app.task-count")));
}

}  // namespace
}  // namespace taps::host
