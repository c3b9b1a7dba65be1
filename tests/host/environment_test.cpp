// environment.json: the machine and the software a run ran on.
#include "run/environment.hpp"
#include "config/resolved_config.hpp"
#include "config/schema_options.hpp"
#include "test_support.hpp"

#include <rapidjson/document.h>

#include <gtest/gtest.h>

#include <thread>

namespace taps::host {
namespace {

TEST(Environment, ReadsTheMachineFromTheSystem) {
  const auto machine = machine_info();
  EXPECT_FALSE(machine.hostname.empty());
  EXPECT_GE(machine.logical_cores, 1u);
  EXPECT_GT(machine.memory_total_bytes, 1024u * 1024u);
  EXPECT_EQ(machine.os_name, "Linux");
  EXPECT_FALSE(machine.machine.empty());
}

TEST(Environment, DescribesMachineSoftwareAndEveryPlugin) {
  const PluginRegistry registry({{test::fixture_dir("valid"), "--plugin-path", true}});
  const std::vector<std::string> args{"--app",   "c-squares",       "--engine.executor",
                                      "c-queue", "--engine.logger", "c-lines"};
  const auto selection = parse_run_selection(args);
  const auto config =
      resolve_config({parse_run_command_line(args, select_plugins({selection.names}, registry))}, registry);

  MachineInfo machine;
  machine.hostname = "node-1";
  machine.cpu_model = "Test CPU";
  machine.logical_cores = 64;
  machine.memory_total_bytes = 1ull << 40;
  machine.os_name = "Linux";
  const std::string text =
      environment_json(machine, config, {"taps-host", "run", "--app", "c-squares"}, 1714568523.25, "/tmp/run");

  rapidjson::Document json;
  json.Parse(text.c_str());
  ASSERT_FALSE(json.HasParseError()) << text;
  EXPECT_STREQ(json["hostname"].GetString(), "node-1");
  EXPECT_STREQ(json["cpu"]["model"].GetString(), "Test CPU");
  EXPECT_EQ(json["cpu"]["logical_cores"].GetUint(), 64u);
  EXPECT_EQ(json["memory_total_bytes"].GetUint64(), 1ull << 40);
  EXPECT_STREQ(json["os"]["name"].GetString(), "Linux");
  EXPECT_STREQ(json["taps_version"].GetString(), TAPS_VERSION);
  EXPECT_EQ(std::string(json["sdk_abi"].GetString()), test::abi_text());
  EXPECT_TRUE(json["compiler"].IsString());
  EXPECT_DOUBLE_EQ(json["start_time_unix"].GetDouble(), 1714568523.25);
  EXPECT_TRUE(json["start_time"].IsString());
  EXPECT_EQ(json["command_line"].Size(), 4u);
  EXPECT_STREQ(json["run_dir"].GetString(), "/tmp/run");

  const auto& plugins = json["plugins"];
  ASSERT_EQ(plugins.Size(), 3u);
  EXPECT_STREQ(plugins[0]["kind"].GetString(), "app");
  EXPECT_STREQ(plugins[0]["name"].GetString(), "c-squares");
  EXPECT_STREQ(plugins[0]["version"].GetString(), "1.2.3");
  EXPECT_EQ(std::string(plugins[0]["abi"].GetString()), test::abi_text());
  EXPECT_EQ(std::filesystem::path(plugins[0]["file"].GetString()).filename(), "fixture_valid.so");
  EXPECT_STREQ(plugins[1]["kind"].GetString(), "executor");
  EXPECT_STREQ(plugins[2]["kind"].GetString(), "logger");
}

}  // namespace
}  // namespace taps::host
