// The reference's configuration files, unchanged: the examples of its
// configuration guide and the config.toml it writes per app, each resolved
// to the same meaning as its native equivalent here and run end to end.
#include "compat_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

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

// --- The config.toml the reference writes, per app ----------------------

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
  EXPECT_TRUE(fs::exists(log_file)) << log_file;
  EXPECT_TRUE(fs::exists(dir / written.value(host::Section::logger, "file_name")));
}

INSTANTIATE_TEST_SUITE_P(Apps, WrittenByTheReference,
                         ::testing::Values("synthetic", "cholesky", "failures", "physics", "fedlearn"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace taps::compat
