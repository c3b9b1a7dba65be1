#include "run/task_manifest.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace taps::host {
namespace {

TEST(TaskManifest, KeepsEveryFieldAndAnyOptionValueThroughItsText) {
  TaskManifest manifest;
  manifest.log_level = "DEBUG";
  manifest.apps = {{"synthetic", "taps_synthetic.so"}, {"failures", "taps_failures.so"}};
  manifest.transformer = TaskManifest::Instance{{"file", "taps_file.so"},
                                                {{"file_dir", "/shared/objs dir"}, {"odd", "a\tb\nc\\d\r"}}};
  manifest.filter = TaskManifest::Instance{{"object-size", "taps_object_size.so"}, {{"min_size", "1000"}}};

  const TaskManifest read = TaskManifest::parse(manifest.to_text());
  EXPECT_EQ(read.log_level, "DEBUG");
  EXPECT_EQ(read.config_file, "config.toml");
  ASSERT_EQ(read.apps.size(), 2u);
  EXPECT_EQ(read.apps[1].plugin, "failures");
  EXPECT_EQ(read.apps[1].file, "taps_failures.so");
  ASSERT_TRUE(read.transformer.has_value());
  EXPECT_EQ(read.transformer->library.plugin, "file");
  EXPECT_EQ(read.transformer->options, manifest.transformer->options);
  ASSERT_TRUE(read.filter.has_value());
  EXPECT_EQ(read.filter->options, manifest.filter->options);
}

TEST(TaskManifest, WithoutTransformerOrFilterHasNone) {
  TaskManifest manifest;
  manifest.apps = {{"synthetic", "taps_synthetic.so"}};
  const TaskManifest read = TaskManifest::parse(manifest.to_text());
  EXPECT_FALSE(read.transformer.has_value());
  EXPECT_FALSE(read.filter.has_value());
}

TEST(TaskManifest, RefusesOtherTextNamingTheLine) {
  EXPECT_THROW(TaskManifest::parse("[run]\nlevel = 1\n"), std::runtime_error);
  try {
    TaskManifest::parse("taps-task-manifest\t1\napp\tsynthetic\n");
    FAIL() << "a line without its file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TaskManifest::parse("taps-task-manifest\t1\noption\tfilter\tk\tv\n"), std::runtime_error)
      << "an option of a filter the manifest does not name";
}

}  // namespace
}  // namespace taps::host
