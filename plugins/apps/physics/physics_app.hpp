// physics_app.hpp — the reference's physics app: golf balls thrown onto a
// seeded Perlin-noise green, one Bullet simulation per ball and task, each
// trajectory checked against the physics it should obey.
#pragma once

#include "simulation.hpp"
#include "tasks.hpp"
#include "terrain.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace taps::physics {

class PhysicsApp {
 public:
  static constexpr PluginInfo info{"physics", "1.0.0",
                                   "Golf balls thrown onto a Perlin-noise green, one Bullet simulation per task."};
  static constexpr taps_option_desc options[] = {
      option::integer("simulations", "Number of parallel simulations (one ball each).").required().min(1),
      option::real("ball_diameter", "Golf ball diameter.").defaults("0.2").min(1e-3).unit("m"),
      option::real("ball_mass", "Golf ball mass.").defaults("0.05").min(1e-6).unit("kg"),
      option::integer("tick_rate", "Simulation steps per second.").defaults("240").min(1).unit("1/s"),
      option::integer("total_time", "Simulation runtime.").defaults("10").min(1).unit("s"),
      option::boolean("real_time", "Simulate at real time (pace the steps to the wall clock).").defaults("true"),
      option::integer("seed", "Random seed of the terrain and the throws (unset: a random one, logged).").min(0),
      option::integer("terrain_width", "Terrain width/length.").defaults("20").min(1).unit("m"),
      option::integer("terrain_height", "Terrain max height.").defaults("3").min(1).unit("m"),
      option::integer("terrain_resolution", "Terrain vertices per meter.").defaults("10").min(1).unit("1/m"),
      option::real("terrain_scale", "Noise map scale (how far away map is viewed from).").defaults("10.0").min(1e-6),
      option::integer("terrain_octaves", "Detail level in noise map.").defaults("3").min(1).max(30),
      option::real("terrain_persistence", "Octave contributions (amplitude).").defaults("0.2").min(0),
      option::real("terrain_lacunarity", "Detail added/removed at each octave (frequency).").defaults("2.0").min(0),
      option::integer("terrain_filter_size", "Terrain smoothing filter size (Gaussian standard deviation, samples).")
          .defaults("2").min(0),
      option::integer("flat_throws",
                      "Extra throws onto flat ground whose landing is checked against the analytic one.")
          .defaults("1").min(0),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(simulate_ball)};

  /// Throws a ConfigError when the terrain has fewer than 2 samples per
  /// side or the ball would not start above the terrain's highest point.
  PhysicsApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Host host_;
  std::int64_t simulations_;
  std::int64_t flat_throws_;
  std::optional<std::uint64_t> seed_;
  SimulationSettings simulation_;
  TerrainSettings terrain_;
};

}  // namespace taps::physics
