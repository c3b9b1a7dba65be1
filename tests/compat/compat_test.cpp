// The reference's configuration files, unchanged: the examples of its
// configuration guide and the config.toml it writes per app, each resolved
// to the same meaning as its native equivalent here and run end to end.
#include "compat_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

namespace taps::compat {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// --- The guide (docs/guides/config.md of proxystore/taps) ---------------

// "python -m taps.run --app cholesky --app.matrix-size 100 --app.block-size 25
//  --engine.executor dask --engine.executor.workers 4" and its config.toml.
TEST(ReferenceGuide, TheCommandLineAndTheTomlFileMeanTheSameRun) {
  const auto cli = resolve({}, {"--app", "cholesky", "--app.matrix-size", "100", "--app.block-size", "25",
                                "--engine.executor", "dask", "--engine.executor.workers", "4"});
  const auto file = resolve({corpus("guide/config.toml")});
  EXPECT_EQ(meaning(cli), meaning(file));
  EXPECT_EQ(file.plugin(host::Section::executor)->name, "dask");
  EXPECT_EQ(file.value(host::Section::executor, "workers"), "4");
  // The reference's dask defaults, printed in the guide: daemon workers,
  // processes (use_threads false), a local cluster (scheduler None).
  EXPECT_EQ(file.value(host::Section::executor, "daemon_workers"), "true");
  EXPECT_EQ(file.section(host::Section::executor)->find("scheduler_address"), nullptr);
}

// "python -m taps.run --config config.toml --app.block_size 50"
TEST(ReferenceGuide, TheCommandLineWinsOverTheFile) {
  const auto config = resolve({corpus("guide/config.toml")}, {"--app.block_size", "50"});
  EXPECT_EQ(config.value(host::Section::app, "block_size"), "50");
  EXPECT_EQ(config.value(host::Section::app, "matrix_size"), "100");
}

// "python -m taps.run --config app-config.toml process-config.toml"
TEST(ReferenceGuide, ComparingExecutorsWithOneFilePerExecutor) {
  const auto process = resolve({corpus("guide/app-config.toml"), corpus("guide/process-config.toml")});
  EXPECT_EQ(process.plugin(host::Section::executor)->name, "process-pool");
  EXPECT_EQ(process.value(host::Section::executor, "workers"), "4");  // max_processes = 4
  EXPECT_EQ(meaning(process), meaning(resolve({}, {"--app", "cholesky", "--app.matrix-size", "100",
                                                   "--app.block-size", "25", "--engine.executor", "process-pool",
                                                   "--engine.executor.workers", "4"})));
  const auto dask = resolve({corpus("guide/app-config.toml"), corpus("guide/dask-config.toml")});
  EXPECT_EQ(dask.plugin(host::Section::executor)->name, "dask");
  EXPECT_EQ(dask.value(host::Section::executor, "workers"), "4");
  // Parsl has no counterpart: the message names the closest executor and
  // how to select it.
  EXPECT_THAT(config_error({corpus("guide/app-config.toml"), corpus("guide/parsl-config.toml")}),
              AllOf(HasSubstr("parsl-config.toml:2"), HasSubstr("executor 'parsl' is the reference's"),
                    HasSubstr("the closest is process-pool"), HasSubstr("--engine.executor process-pool"),
                    ::testing::Not(HasSubstr("unknown"))));
}

// --run.env-vars '{"ENV_VAR_1": "foo", "ENV_VAR_2": "bar"}' and [run.env_vars].
TEST(ReferenceGuide, EnvironmentVariablesAsJsonOnTheCommandLineOrAsATable) {
  const auto file = resolve({corpus("guide/app-config.toml"), corpus("guide/env-vars.toml")});
  const auto cli = resolve({corpus("guide/app-config.toml")},
                           {"--run.env-vars", R"({"ENV_VAR_1": "foo", "ENV_VAR_2": "bar"})"});
  EXPECT_EQ(file.value(host::Section::run, "env_vars"), R"({"ENV_VAR_1":"foo","ENV_VAR_2":"bar"})");
  EXPECT_EQ(meaning(file), meaning(cli));
}

// The guide's runs themselves, from a directory of their own: the
// run directory lands where its default dir_format says.
TEST(ReferenceGuide, RunsTheTomlExampleOnDask) {
  if (plugins().find(TAPS_KIND_EXECUTOR, "dask") == nullptr) GTEST_SKIP() << "the dask executor is not built";
  const testing::Scratch scratch;
  const RunIn run(scratch.path(), "--config " + corpus("guide/config.toml").string());
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.run_dir().parent_path(), scratch.path() / "runs");
  EXPECT_EQ(run.run_dir().filename().string().rfind("cholesky_dask_", 0), 0u) << run.run_dir();
  EXPECT_EQ(testing::read_text(run.run_dir() / "tasks.jsonl").empty(), false);
}

TEST(ReferenceGuide, RunsTheProcessPoolComparisonWithTwoFilesAfterOneConfigFlag) {
  const testing::Scratch scratch;
  const RunIn run(scratch.path(), "-c " + corpus("guide/app-config.toml").string() + " " +
                                      corpus("guide/process-config.toml").string() + " --app.block_size 50");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const std::string config = testing::read_text(run.run_dir() / "config.toml");
  EXPECT_THAT(config, AllOf(HasSubstr("name = \"process-pool\""), HasSubstr("workers = 4"),
                            HasSubstr("block_size = 50")));
}

// The table "Defaults that differ" of docs/coming-from-taps.md, as the
// configuration resolves them.
TEST(ReferenceDefaults, TheDocumentedDifferencesAreOurDefaults) {
  const auto synthetic = resolve({}, {"--app", "synthetic"});
  EXPECT_EQ(synthetic.plugin(host::Section::executor)->name, "thread-pool");
  EXPECT_EQ(synthetic.value(host::Section::executor, "workers"), "0");
  EXPECT_EQ(synthetic.value(host::Section::app, "structure"), "bag");
  EXPECT_EQ(synthetic.value(host::Section::app, "task_count"), "1000");
  EXPECT_EQ(synthetic.value(host::Section::app, "warmup_tasks"), "1");
  EXPECT_EQ(synthetic.value(host::Section::app, "bag_max_running"), "0");
  EXPECT_EQ(synthetic.value(host::Section::run, "env_vars"), R"({"OMP_NUM_THREADS":"1"})");
  EXPECT_EQ(synthetic.section(host::Section::logging)->find("file_level"), nullptr);
  const auto cholesky = resolve({}, {"--app", "cholesky"});
  EXPECT_EQ(cholesky.value(host::Section::app, "matrix_size"), "2048");
  EXPECT_EQ(cholesky.value(host::Section::app, "block_size"), "256");
  const auto fedlearn = resolve({}, {"--app", "fedlearn"});
  for (const auto& [key, value] : std::map<std::string, std::string>{{"dataset", "fmnist"},
                                                                      {"rounds", "5"},
                                                                      {"epochs", "1"},
                                                                      {"lr", "0.1"},
                                                                      {"batch_size", "32"},
                                                                      {"seed", "0"},
                                                                      {"data_dir", "/usr/share/datasets/fashion-mnist"}}) {
    EXPECT_EQ(fedlearn.value(host::Section::app, key), value) << key;
  }
}

// --- The config.toml the reference writes, per app ----------------------

// Every field of the reference's TaskInfo (taps/engine/task.py), with its
// JSON type, in every record: analysis tools of the reference read ours.
void expect_reference_task_records(const fs::path& file) {
  std::ifstream in(file);
  int count = 0;
  for (std::string line; std::getline(in, line); ++count) {
    rapidjson::Document record;
    record.Parse(line.c_str());
    ASSERT_TRUE(record.IsObject()) << line;
    EXPECT_TRUE(record.HasMember("task_id") && record["task_id"].IsString()) << line;
    EXPECT_TRUE(record.HasMember("name") && record["name"].IsString()) << line;
    EXPECT_TRUE(record.HasMember("parent_task_ids") && record["parent_task_ids"].IsArray()) << line;
    EXPECT_TRUE(record.HasMember("submit_time") && record["submit_time"].IsNumber()) << line;
    EXPECT_TRUE(record.HasMember("received_time") &&
                (record["received_time"].IsNumber() || record["received_time"].IsNull()))
        << line;
    EXPECT_TRUE(record.HasMember("success") && (record["success"].IsBool() || record["success"].IsNull())) << line;
    ASSERT_TRUE(record.HasMember("exception")) << line;
    if (record["exception"].IsObject()) {
      for (const char* key : {"type", "message", "traceback"}) {
        EXPECT_TRUE(record["exception"].HasMember(key) && record["exception"][key].IsString()) << key << line;
      }
    } else {
      EXPECT_TRUE(record["exception"].IsNull()) << line;
    }
    ASSERT_TRUE(record.HasMember("execution")) << line;
    if (record["execution"].IsObject()) {
      EXPECT_TRUE(record["execution"]["hostname"].IsString()) << line;
      for (const char* key : {"execution_start_time", "execution_end_time", "task_start_time", "task_end_time",
                              "input_transform_start_time", "input_transform_end_time",
                              "result_transform_start_time", "result_transform_end_time"}) {
        EXPECT_TRUE(record["execution"].HasMember(key) && record["execution"][key].IsNumber()) << key << line;
      }
    }
  }
  EXPECT_GT(count, 0) << file;
}

class WrittenByTheReference : public ::testing::TestWithParam<std::string> {};

// Resolved in a scratch working directory, as a run started there: the
// relative paths of both files resolve against their own directory.
TEST_P(WrittenByTheReference, MeansWhatItsNativeEquivalentMeans) {
  const testing::Scratch scratch;
  const WorkingDirectory cwd(scratch.path());
  const auto reference = resolve({corpus("written/" + GetParam() + ".toml")});
  const auto native = resolve({corpus("native/" + GetParam() + ".toml")});
  EXPECT_EQ(meaning(reference), meaning(native));
  EXPECT_EQ(reference.file_version, "0.2.3dev1");
  EXPECT_TRUE(reference.warnings.empty()) << "0.2.3dev1 and " TAPS_VERSION " share the major version";
}

// Each runs end to end from a directory of its own, its run directory
// where the reference's dir_format puts it, and the config.toml it writes
// means the same run again.
TEST_P(WrittenByTheReference, RunsUnchangedAndWritesAConfigThatReplaysIt) {
  const testing::Scratch scratch;
  const RunIn run(scratch.path(), "--config " + corpus("written/" + GetParam() + ".toml").string());
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const fs::path dir = run.run_dir();
  EXPECT_EQ(dir.parent_path(), scratch.path() / "runs") << run.output();
  EXPECT_EQ(dir.filename().string().rfind(GetParam() + "_", 0), 0u) << dir;
  const WorkingDirectory cwd(scratch.path());
  const auto written = resolve({dir / "config.toml"});
  EXPECT_EQ(meaning(written), meaning(resolve({corpus("native/" + GetParam() + ".toml")})));
  // The file names the reference's [engine] and [logging] chose.
  const auto log_file = dir / written.value(host::Section::logging, "file_name");
  const std::string log = testing::read_text(log_file);
  EXPECT_THAT(log, AllOf(HasSubstr("] APP (" + GetParam() + ") > "),
                         HasSubstr("] RUN (taps.run) > Finished benchmark (app=" + GetParam() + ", elapsed=")))
      << log_file;
  const fs::path records = dir / written.value(host::Section::logger, "file_name");
  ASSERT_TRUE(fs::exists(records));
  expect_reference_task_records(records);
}

INSTANTIATE_TEST_SUITE_P(Apps, WrittenByTheReference,
                         ::testing::Values("synthetic", "cholesky", "mapreduce", "failures", "moldesign", "physics",
                                           "fedlearn"),
                         [](const auto& info) { return info.param; });

// A folder of configs next to their data: the relative data_dir is found
// next to the file, the run's config.toml records it absolute, and that
// file replays from anywhere.
TEST(WrittenByTheReferenceWithData, RelativePathsResolveNextToTheFileAndReplayFromAnywhere) {
  const testing::Scratch scratch;
  const RunIn run(scratch.path(), "--config " + corpus("written/mapreduce.toml").string());
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const std::string written = testing::read_text(run.run_dir() / "config.toml");
  EXPECT_NE(written.find("data_dir = \"" + corpus("inputs/text").lexically_normal().string() + "\""),
            std::string::npos)
      << written;
  EXPECT_NE(written.find("file_dir = \"" + (scratch.path() / "payloads").string() + "\""), std::string::npos)
      << "not found from the working directory nor next to the file: the working directory's";
  const fs::path elsewhere = scratch.path() / "elsewhere";
  fs::create_directories(elsewhere);
  const RunIn replay(elsewhere, "--config " + (run.run_dir() / "config.toml").string());
  ASSERT_EQ(replay.exit_status(), 0) << replay.output();
  EXPECT_EQ(testing::read_text(replay.run_dir() / "top_words.csv"),
            testing::read_text(run.run_dir() / "top_words.csv"));
  EXPECT_EQ(testing::read_json(replay.run_dir() / "mapreduce.json")["words"].GetInt(),
            testing::read_json(run.run_dir() / "mapreduce.json")["words"].GetInt());
}

// Where a path exists from the working directory, that one is meant.
TEST(WrittenByTheReferenceWithData, ThePathFromTheWorkingDirectoryWinsWhenItExists) {
  const testing::Scratch scratch;
  fs::create_directories(scratch.path() / "inputs" / "text");
  fs::create_directories(scratch.path() / "work");
  const WorkingDirectory cwd(scratch.path() / "work");
  EXPECT_EQ(resolve({corpus("written/mapreduce.toml")}).value(host::Section::app, "data_dir"),
            (scratch.path() / "inputs" / "text").string());
}

// Docking and montage need data and minutes, so they are resolved, not run.
// The reference's docking requires tcl_path, a VMD script ours has no use
// for: the file is refused naming it, and without it means the native one.
TEST(WrittenByTheReferenceWithData, DockingNamesTheOneOptionToRemove) {
  EXPECT_THAT(config_error({corpus("written/docking.toml")}),
              AllOf(HasSubstr("docking.toml:7: [app] tcl_path"), HasSubstr("remove it")));
  const testing::Scratch scratch;
  std::string text = testing::read_text(corpus("written/docking.toml"));
  text.erase(text.find("tcl_path"), text.find('\n', text.find("tcl_path")) - text.find("tcl_path") + 1);
  std::ofstream(scratch.path() / "docking.toml") << text;
  EXPECT_EQ(meaning(resolve({scratch.path() / "docking.toml"})), meaning(resolve({corpus("native/docking.toml")})));
}

// Only options that name files are paths: docking's crystal_ligand is a
// residue name and stays as written, its redock_complex is a file found
// next to the config file.
TEST(WrittenByTheReferenceWithData, OnlyFileOptionsAreResolvedAsPaths) {
  const testing::Scratch scratch;
  std::ofstream(scratch.path() / "complex.pdb") << "HETATM\n";
  std::ofstream(scratch.path() / "docking.toml")
      << "[app]\nname = \"docking\"\nredock_complex = \"complex.pdb\"\ncrystal_ligand = \"SKE\"\n";
  fs::create_directories(scratch.path() / "work");
  const WorkingDirectory cwd(scratch.path() / "work");
  const auto config = resolve({scratch.path() / "docking.toml"});
  EXPECT_EQ(config.value(host::Section::app, "crystal_ligand"), "SKE");
  EXPECT_EQ(config.value(host::Section::app, "redock_complex"), (scratch.path() / "complex.pdb").string());
}

TEST(WrittenByTheReferenceWithData, MontageMeansItsNativeEquivalent) {
  const testing::Scratch scratch;
  const WorkingDirectory cwd(scratch.path());
  EXPECT_EQ(meaning(resolve({corpus("written/montage.toml")})), meaning(resolve({corpus("native/montage.toml")})));
}

}  // namespace
}  // namespace taps::compat
