// The physics app, loaded from its built .so and run on an inline engine
// with a tiny green: its options, the tasks it submits, physics.json, the
// seed that makes a run repeatable, bad options, and a wrong trajectory
// failing the run.
#include "app_fixture.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

class PhysicsApp : public AppOnInlineEngine {
 protected:
  PhysicsApp() : AppOnInlineEngine(TAPS_PHYSICS_PLUGIN, "physics") {}

  /// Four short simulations on a 4 m green with 5 samples per metre.
  static std::map<std::string, std::string> tiny(std::map<std::string, std::string> more = {}) {
    std::map<std::string, std::string> values{{"simulations", "4"},       {"terrain_width", "4"},
                                              {"terrain_resolution", "5"}, {"terrain_height", "1"},
                                              {"total_time", "2"},         {"real_time", "false"},
                                              {"seed", "7"}};
    for (auto& [k, v] : more) values[k] = v;
    return values;
  }

  rapidjson::Document results() const {
    std::ifstream in(run_dir_ / "physics.json");
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document d;
    d.Parse(text.str().c_str());
    return d;
  }

  std::string final_positions() const {
    const auto d = results();
    std::string all;
    for (const auto& b : d["balls"].GetArray()) {
      for (const auto& x : b["final_position"].GetArray()) all += std::to_string(x.GetDouble()) + " ";
    }
    return all;
  }
};

TEST_F(PhysicsApp, DeclaresTheReferenceOptionsAndTheFlatThrows) {
  std::set<std::string> keys;
  for (uint32_t i = 0; i < descriptor_.option_count; ++i) keys.insert(descriptor_.options[i].key);
  EXPECT_EQ(keys, (std::set<std::string>{"simulations", "ball_diameter", "ball_mass", "tick_rate", "total_time",
                                         "real_time", "seed", "terrain_width", "terrain_height",
                                         "terrain_resolution", "terrain_scale", "terrain_octaves",
                                         "terrain_persistence", "terrain_lacunarity", "terrain_filter_size",
                                         "flat_throws"}));
}

TEST_F(PhysicsApp, SimulatesEachBallInItsOwnTaskAndWritesTheResults) {
  const auto o = run_app(tiny({{"flat_throws", "2"}}));
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  EXPECT_EQ(count(o, "simulate_ball"), 6u) << "4 simulations and 2 flat throws";
  const auto d = results();
  ASSERT_TRUE(d.IsObject());
  EXPECT_EQ(d["seed"].GetUint64(), 7u);
  EXPECT_EQ(d["balls"].Size(), 4u);
  EXPECT_EQ(d["flat"].Size(), 2u);
  EXPECT_EQ(d["terrain"]["samples_per_side"].GetUint64(), 20u);
  EXPECT_LT(d["max_surface_gap"].GetDouble(), d["tolerances"]["surface"].GetDouble());
  for (const auto& b : d["balls"].GetArray()) {
    EXPECT_GT(b["flight_steps"].GetUint64(), 0u);
    EXPECT_LT(b["final_position"][2].GetDouble(), 1.2) << "down on the 1 m high green";
  }
  EXPECT_TRUE(d["flat"][0].HasMember("landing_time_error"));
}

TEST_F(PhysicsApp, SameSeedGivesTheSameFinalPositions) {
  ASSERT_EQ(run_app(tiny()).status, TAPS_OK);
  const std::string first = final_positions();
  ASSERT_EQ(run_app(tiny()).status, TAPS_OK);
  EXPECT_EQ(final_positions(), first);
  ASSERT_EQ(run_app(tiny({{"seed", "8"}})).status, TAPS_OK);
  EXPECT_NE(final_positions(), first);
}

TEST_F(PhysicsApp, RefusesABallTooBigForTheDrop) {
  const auto o = run_app(tiny({{"ball_diameter", "2.5"}}));
  EXPECT_FALSE(o.created);
  EXPECT_EQ(o.error.type, "ConfigError");
  EXPECT_NE(o.error.message.find("ball_diameter"), std::string::npos) << o.error.message;
}

TEST_F(PhysicsApp, RefusesATerrainOfOneSample) {
  const auto o = run_app(tiny({{"terrain_width", "1"}, {"terrain_resolution", "1"}}));
  EXPECT_FALSE(o.created);
  EXPECT_EQ(o.error.type, "ConfigError");
  EXPECT_NE(o.error.message.find("fewer than 2 terrain samples"), std::string::npos) << o.error.message;
}

TEST_F(PhysicsApp, FailsTheRunWhenABallEndsAboveTheSurface) {
  // A trajectory ends with final_position, final_velocity (3 doubles each)
  // and a bool: lift the final height of the first ball by 5 cm.
  bool lifted = false;
  const auto o = run_app(tiny(), [&](const std::string& fn, taps_buffer& b) {
    if (fn != "simulate_ball" || lifted) return;
    auto* z = b.data + b.size - 1 - 3 * sizeof(double) - sizeof(double);
    double height;
    std::memcpy(&height, z, sizeof height);
    height += 0.05;
    std::memcpy(z, &height, sizeof height);
    lifted = true;
  });
  ASSERT_TRUE(lifted);
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "VerificationError") << o.error.message;
  EXPECT_NE(o.error.message.find("simulation 0"), std::string::npos) << o.error.message;
  EXPECT_FALSE(fs::exists(run_dir_ / "physics.json")) << "no results of a failed run";
}

}  // namespace
}  // namespace taps::testing
