// The base app's options: the `config` table over the keys of `config_file`
// (TOML, JSON, or a taps config file's [app] table).
#include "apps/failures/base_options.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace taps::failures {
namespace {

namespace fs = std::filesystem;

class BaseOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "taps-failures-options-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  static rapidjson::Document parsed(const std::string& json) {
    rapidjson::Document d;
    d.Parse(json.c_str());
    return d;
  }

  static std::string error_of(const std::string& table, const std::string& config_file) {
    try {
      base_options_json("synthetic", table, config_file);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(BaseOptions, TheTableAloneIsPassedOnWithItsTypes) {
  const auto d = parsed(base_options_json("synthetic", R"({"task_count": 3, "structure": "reduce"})", ""));
  EXPECT_EQ(d["task_count"].GetInt(), 3);
  EXPECT_STREQ(d["structure"].GetString(), "reduce");
}

TEST_F(BaseOptions, ATomlFileGivesTheOptionsAndTheTableOverridesThem) {
  const std::string path = file("base.toml", "task_count = 9\nstructure = \"diamond\"\ntask_sleep = 0.5\n");
  const auto d = parsed(base_options_json("synthetic", R"({"task_count": 2})", path));
  EXPECT_EQ(d["task_count"].GetInt(), 2);
  EXPECT_STREQ(d["structure"].GetString(), "diamond");
  EXPECT_DOUBLE_EQ(d["task_sleep"].GetDouble(), 0.5);
}

TEST_F(BaseOptions, ARunsConfigFileGivesItsAppTableWhenItIsForTheBaseApp) {
  const std::string path = file("config.toml",
                                "[app]\nname = \"synthetic\"\ntask_count = 7\n\n[engine.executor]\nname = \"tbb\"\n");
  const auto d = parsed(base_options_json("synthetic", "{}", path));
  EXPECT_EQ(d["task_count"].GetInt(), 7);
  EXPECT_FALSE(d.HasMember("name"));
  EXPECT_FALSE(d.HasMember("engine"));
  EXPECT_NE(error_of("{}", file("other.toml", "[app]\nname = \"cholesky\"\n")).find("for app 'cholesky', not the base"),
            std::string::npos);
}

TEST_F(BaseOptions, AJsonFileIsReadAsJson) {
  const auto d = parsed(base_options_json("synthetic", "{}", file("base.json", R"({"task_count": 5})")));
  EXPECT_EQ(d["task_count"].GetInt(), 5);
}

TEST_F(BaseOptions, BrokenFilesAreRefusedNamingTheFileAndTheProblem) {
  EXPECT_NE(error_of("{}", (dir_ / "missing.toml").string()).find("cannot read config_file"), std::string::npos);
  const std::string bad_toml = error_of("{}", file("bad.toml", "task_count = \n"));
  EXPECT_NE(bad_toml.find("bad.toml"), std::string::npos) << bad_toml;
  EXPECT_NE(bad_toml.find("invalid TOML"), std::string::npos) << bad_toml;
  EXPECT_NE(error_of("{}", file("bad.json", "[1, 2]")).find("not a JSON object"), std::string::npos);
}

}  // namespace
}  // namespace taps::failures
