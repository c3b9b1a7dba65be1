// The reference's option spellings and values, on the command line and in
// files: each accepted one changes what runs, each one we cannot honour is
// refused with the reason, and its plugins we lack name our closest one.
#include "compat_support.hpp"

#include "config/config_file.hpp"
#include "config/reference_plugins.hpp"
#include "config/reference_spellings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace taps::compat {
namespace {

using host::Section;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// A config file's text, resolved as `taps-host run --config` would.
host::ResolvedConfig resolve_text(const std::string& text, const std::vector<std::string>& args = {}) {
  std::vector<host::ConfigLayer> layers{host::parse_config_text(text, "ref.toml")};
  auto with_names = layers;
  with_names.push_back(host::parse_run_selection(args).names);
  layers.push_back(host::parse_run_command_line(args, host::select_plugins(with_names, plugins())));
  return host::resolve_config(layers, plugins());
}

std::string error_of_text(const std::string& text, const std::vector<std::string>& args = {}) {
  try {
    resolve_text(text, args);
  } catch (const host::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

const std::string synthetic = "[app]\nname = \"synthetic\"\n";

TEST(ReferenceSpellings, PoolSizesAreOurWorkersInFilesAndOnTheCommandLine) {
  EXPECT_EQ(resolve_text(synthetic + "[engine.executor]\nname = \"thread-pool\"\nmax_threads = 3\n")
                .value(Section::executor, "workers"),
            "3");
  EXPECT_EQ(resolve_text(synthetic + "[engine.executor]\nname = \"process-pool\"\nmax_processes = 3\n")
                .value(Section::executor, "workers"),
            "3");
  EXPECT_EQ(resolve_text(synthetic, {"--executor", "process-pool", "--engine.executor.max-processes", "5"})
                .value(Section::executor, "workers"),
            "5");
  EXPECT_EQ(resolve_text(synthetic, {"--engine.executor.max_threads=6"}).value(Section::executor, "workers"), "6");
  // A later layer's native spelling overrides the reference's, and back.
  EXPECT_EQ(resolve_text(synthetic + "[engine.executor]\nmax_threads = 3\n", {"--engine.executor.workers", "2"})
                .value(Section::executor, "workers"),
            "2");
  // Still validated as ours.
  EXPECT_THAT(error_of_text(synthetic + "[engine.executor]\nname = \"thread-pool\"\nmax_threads = -1\n"),
              AllOf(HasSubstr("ref.toml:5: [engine.executor] max_threads"), HasSubstr("'workers'")));
}

TEST(ReferenceSpellings, DaskSchedulerIsOurSchedulerAddress) {
  const auto config = resolve_text(synthetic + "[engine.executor]\nname = \"dask\"\nscheduler = \"tcp://h:8786\"\n"
                                               "use_threads = false\ndaemon_workers = false\n");
  EXPECT_EQ(config.value(Section::executor, "scheduler_address"), "tcp://h:8786");
  EXPECT_EQ(config.value(Section::executor, "daemon_workers"), "false");
  EXPECT_EQ(config.section(Section::executor)->find("use_threads"), nullptr);
}

TEST(ReferenceSpellings, WhatWeCannotHonourIsRefusedWithTheReason) {
  EXPECT_THAT(error_of_text(synthetic + "[engine.executor]\nname = \"dask\"\nuse_threads = true\n"),
              AllOf(HasSubstr("ref.toml:5"), HasSubstr("use_threads = true"), HasSubstr("thread-pool")));
  EXPECT_THAT(error_of_text(synthetic + "[engine.executor]\nname = \"process-pool\"\ncontext = \"spawn\"\n"),
              AllOf(HasSubstr("context"), HasSubstr("no multiprocessing start method")));
  EXPECT_THAT(error_of_text(synthetic, {"--engine.executor", "dask", "--engine.executor.wait-for-workers", "2"}),
              AllOf(HasSubstr("--engine.executor.wait-for-workers"), HasSubstr("nothing to wait for")));
  EXPECT_THAT(error_of_text("[app]\nname = \"docking\"\ntcl_path = \"/x/set_element.tcl\"\n"),
              AllOf(HasSubstr("ref.toml:3"), HasSubstr("tcl_path"), HasSubstr("Open Babel")));
  EXPECT_THAT(error_of_text("[app]\nname = \"fedlearn\"\ndevice = \"cuda\"\n"),
              AllOf(HasSubstr("device = cuda"), HasSubstr("CPU")));
  EXPECT_EQ(resolve_text("[app]\nname = \"fedlearn\"\ndevice = \"cpu\"\n").plugin(Section::app)->name, "fedlearn");
}

TEST(ReferenceSpellings, FilterSizesTakeTheReferencesFloatsAndInfinity) {
  const std::string filter = synthetic + "[engine.transformer]\nname = \"file\"\n[engine.filter]\nname = "
                                         "\"object-size\"\n";
  const auto unlimited = resolve_text(filter + "min_size = 10\nmax_size = inf\n");
  EXPECT_EQ(unlimited.value(Section::filter, "min_size"), "10");
  EXPECT_EQ(unlimited.section(Section::filter)->find("max_size"), nullptr) << "unset: no limit";
  EXPECT_EQ(resolve_text(filter + "max_size = 1000.0\n").value(Section::filter, "max_size"), "1000");
  // inf on the command line unsets a limit a file set.
  EXPECT_EQ(resolve_text(filter + "max_size = 1000\n", {"--engine.filter.max-size", "inf"})
                .section(Section::filter)
                ->find("max_size"),
            nullptr);
  EXPECT_THAT(error_of_text(filter + "max_size = 10.5\n"), HasSubstr("'10.5'"));
  EXPECT_THAT(error_of_text(filter + "min_size = inf\n"), HasSubstr("min_size"));
}

TEST(ReferenceSpellings, ObjectTypePatternsAreATomlArray) {
  const std::string filter = synthetic + "[engine.transformer]\nname = \"file\"\n[engine.filter]\nname = "
                                         "\"object-type\"\n";
  EXPECT_EQ(resolve_text(filter + "patterns = [\n    \"^bytes$\",\n    \"matrix<\",\n]\n")
                .value(Section::filter, "patterns"),
            R"(["^bytes$","matrix<"])");
  EXPECT_THAT(error_of_text(filter + "patterns = [1, 2]\n"), HasSubstr("must be a list of strings"));
}

TEST(ReferenceFields, TaskRecordFileNameIsTheJsonlLoggersFile) {
  EXPECT_EQ(resolve_text(synthetic + "[engine]\ntask_record_file_name = \"records.jsonl\"\n")
                .value(Section::logger, "file_name"),
            "records.jsonl");
  EXPECT_EQ(resolve_text(synthetic, {"--engine.task-record-file-name", "r.jsonl"}).value(Section::logger, "file_name"),
            "r.jsonl");
  // With several loggers, it is still the jsonl one's.
  EXPECT_EQ(resolve_text(synthetic + "[engine]\ntask_record_file_name = \"r.jsonl\"\nlogger = \"jsonl,chrome-trace\"\n")
                .value(Section::logger, "file_name"),
            "r.jsonl");
}

TEST(ReferenceFields, LoggingFileNameAndVersionAreRead) {
  const auto config = resolve_text("version = \"0.2.3dev1\"\n" + synthetic + "[logging]\nfile_name = \"my.log\"\n");
  EXPECT_EQ(config.value(Section::logging, "file_name"), "my.log");
  EXPECT_EQ(config.file_version, "0.2.3dev1");
  EXPECT_THAT(error_of_text(synthetic + "[logging]\nfile_name = \"\"\n"), HasSubstr("file_name is empty"));
}

TEST(ReferenceCommandLine, ShortSelectionsAndConfigFlag) {
  const auto selection = host::parse_run_selection({"-c", "a.toml", "b.toml", "--filter", "never"});
  EXPECT_EQ(selection.config_files, (std::vector<std::string>{"a.toml", "b.toml"}));
  EXPECT_EQ(*selection.names.sections.at(Section::filter).plugin, "never");
  const auto config = resolve_text(synthetic, {"--executor", "process-pool", "--transformer", "file", "--filter",
                                               "object-size"});
  EXPECT_EQ(config.plugin(Section::executor)->name, "process-pool");
  EXPECT_EQ(config.plugin(Section::transformer)->name, "file");
  EXPECT_EQ(config.plugin(Section::filter)->name, "object-size");
}

// Every executor, transformer and filter the reference registers that we
// lack: the message names our closest one, which exists, and how to select it.
TEST(ReferencePlugins, EachOneWeLackNamesOurClosestAndHowToSelectIt) {
  for (const auto& plugin : host::reference_plugins()) {
    const std::string kind = plugin.kind == TAPS_KIND_EXECUTOR      ? "executor"
                             : plugin.kind == TAPS_KIND_TRANSFORMER ? "transformer"
                                                                    : "filter";
    const std::string error =
        error_of_text(synthetic + "[engine." + kind + "]\nname = \"" + std::string(plugin.name) + "\"\n");
    EXPECT_THAT(error, AllOf(HasSubstr("ref.toml:4"), HasSubstr("the closest is " + std::string(plugin.closest)),
                             HasSubstr("--engine." + kind + " " + std::string(plugin.closest)),
                             Not(HasSubstr("unknown"))))
        << plugin.name;
    if (plugin.closest != "none") {
      EXPECT_NE(plugins().find(plugin.kind, plugin.closest), nullptr) << plugin.closest;
    }
  }
  for (const char* name : {"parsl-htex", "ray", "taskvine", "globus", "proxystore", "pickle-size"}) {
    EXPECT_THAT(error_of_text(synthetic, {name == std::string("proxystore")    ? "--transformer"
                                          : name == std::string("pickle-size") ? "--filter"
                                                                               : "--executor",
                                          name}),
                HasSubstr("is the reference's"))
        << name;
  }
}

// `describe` tells a user of the reference what to write.
TEST(ReferenceSpellings, DescribeListsThemForThePlugin) {
  const testing::Scratch scratch;
  const RunIn pool(scratch.path(), "process-pool", "describe");
  ASSERT_EQ(pool.exit_status(), 0) << pool.output();
  EXPECT_THAT(pool.output(), AllOf(HasSubstr("The reference's (Python TaPS) spellings:"),
                                   HasSubstr("max_processes = ...  means  workers = ..."),
                                   HasSubstr("context  is refused: ")));
  const RunIn dask(scratch.path(), "dask", "describe");
  EXPECT_THAT(dask.output(), HasSubstr("use_threads = false  is accepted"));
}

// Every entry of the spelling table belongs to a plugin we build, and a
// renamed option exists under our name.
TEST(ReferenceSpellings, EveryEntryNamesAnOptionThatExists) {
  for (const auto& entry : host::reference_spellings()) {
    const auto kind = host::section_info(entry.section).kind;
    const auto* plugin = plugins().find(kind, entry.plugin);
    ASSERT_NE(plugin, nullptr) << entry.plugin;
    if (entry.rule == host::ReferenceSpelling::Rule::rename) {
      EXPECT_NE(plugin->find_option(entry.ours), nullptr) << entry.plugin << " " << entry.ours;
    } else {
      EXPECT_FALSE(entry.reason.empty()) << entry.key;
    }
  }
}

}  // namespace
}  // namespace taps::compat
