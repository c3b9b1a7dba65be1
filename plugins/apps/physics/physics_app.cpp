#include "physics_app.hpp"

#include "results_file.hpp"
#include "verification.hpp"

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace taps::physics {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

}  // namespace

PhysicsApp::PhysicsApp(Host host, const Config& config)
    : host_(host), simulations_(config.get_int("simulations")), flat_throws_(config.get_int("flat_throws")),
      simulation_{config.get_double("ball_diameter"), config.get_double("ball_mass"), config.get_int("tick_rate"),
                  config.get_int("total_time"), config.get_bool("real_time")},
      terrain_{config.get_int("terrain_width"),      config.get_int("terrain_height"),
               config.get_int("terrain_resolution"), config.get_double("terrain_scale"),
               config.get_int("terrain_octaves"),    config.get_double("terrain_persistence"),
               config.get_double("terrain_lacunarity"), config.get_int("terrain_filter_size")} {
  if (config.has("seed")) seed_ = static_cast<std::uint64_t>(config.get_int("seed"));
  if (terrain_.width * terrain_.resolution < 2) {
    throw Error("ConfigError",
                "terrain_width " + std::to_string(terrain_.width) + " times terrain_resolution " +
                    std::to_string(terrain_.resolution) + " gives fewer than 2 terrain samples per side",
                TAPS_INVALID_ARGUMENT);
  }
  // Balls start at twice the terrain's height; the highest point is at
  // terrain_height, so the ball must be smaller than that gap.
  if (simulation_.ball_diameter / 2 >= static_cast<double>(terrain_.height)) {
    throw Error("ConfigError",
                "ball_diameter " + format("%g", simulation_.ball_diameter) +
                    " m: balls start terrain_height (" + std::to_string(terrain_.height) +
                    " m) above the highest point of the terrain, which must exceed the ball's radius",
                TAPS_INVALID_ARGUMENT);
  }
}

void PhysicsApp::run(Engine& engine, const fs::path& run_dir) {
  const std::uint64_t seed = seed_ ? *seed_ : std::random_device{}() & 0x7fffffff;
  if (!seed_) host_.info("No seed given: drew seed " + std::to_string(seed) + " (set seed to repeat this run)");

  const auto terrain_start = Clock::now();
  const Heightmap terrain = generate_terrain(terrain_, seed);
  const double terrain_seconds = seconds_since(terrain_start);
  host_.info("Generated a " + std::to_string(terrain.n) + " x " + std::to_string(terrain.n) + " terrain (" +
             format("%g", terrain.extent()) + " m wide, heights 0 to " + std::to_string(terrain_.height) + " m) in " +
             format("%.3f", terrain_seconds) + " s");
  const Heightmap flat = flat_heightmap(terrain.extent());

  // Throws 0 .. simulations-1 land on the terrain, the next flat_throws on
  // flat ground: each its own seed, so every throw is the same on any
  // executor and in any order.
  const auto total = static_cast<std::uint64_t>(simulations_ + flat_throws_);
  const auto width = static_cast<double>(terrain_.width);
  std::vector<BallThrow> throws;
  for (std::uint64_t i = 0; i < total; ++i) {
    throws.push_back(draw_throw(throw_seed(seed, i), width, static_cast<double>(terrain_.height)));
  }

  const auto start = Clock::now();
  std::vector<TaskFuture<Trajectory>> futures;
  for (std::uint64_t i = 0; i < total; ++i) {
    const bool on_terrain = i < static_cast<std::uint64_t>(simulations_);
    futures.push_back(engine.submit(simulate_ball, on_terrain ? terrain : flat, simulation_, throws[i]));
  }
  host_.info("Submitted " + std::to_string(simulations_) + " simulations on the terrain and " +
             std::to_string(flat_throws_) + " on flat ground (" + std::to_string(simulation_.total_time) + " s at " +
             std::to_string(simulation_.tick_rate) + " steps/s" + (simulation_.real_time ? ", real time" : "") + ")");

  RunResults results{seed, total, 0, terrain_seconds, &terrain, {}, {}};
  for (std::uint64_t i = 0; i < total; ++i) {
    const bool on_terrain = i < static_cast<std::uint64_t>(simulations_);
    BallResult ball{i, throws[i], futures[i].result(), {}, {}, std::nullopt};
    (on_terrain ? results.balls : results.flat).push_back(std::move(ball));
  }
  results.seconds = seconds_since(start);
  host_.info("Received " + std::to_string(total) + " trajectories in " + format("%.3f", results.seconds) + " s");

  for (auto* list : {&results.balls, &results.flat}) {
    const bool on_terrain = list == &results.balls;
    for (BallResult& ball : *list) {
      const std::string name = (on_terrain ? "simulation " : "flat throw ") + std::to_string(ball.index);
      ball.flight = check_free_flight(name, ball.start, ball.trajectory, simulation_.tick_rate);
      if (!on_terrain) ball.landing_time_error = check_flat_landing(name, ball.start, ball.trajectory, simulation_);
      ball.rest = check_at_rest_on_surface(name, on_terrain ? terrain : flat, ball.trajectory, simulation_);
    }
  }
  write_results(results, run_dir / "physics.json");

  double discrete = 0, analytic = 0, gap = 0;
  for (const auto* list : {&results.balls, &results.flat}) {
    for (const BallResult& b : *list) {
      discrete = std::max(discrete, b.flight.max_discrete_error);
      analytic = std::max(analytic, b.flight.max_analytic_error);
      gap = std::max(gap, std::abs(b.rest.surface_gap));
    }
  }
  host_.info("Verified: every flight follows the parabola (largest deviation " + format("%.2g", discrete) +
             " m from the semi-implicit Euler steps, " + format("%.2g", analytic) +
             " m from the continuous parabola)" +
             (flat_throws_ > 0 ? ", flat-ground landings come at the analytic time," : ",") +
             " and every ball rests on the surface (centre one radius from it within " + format("%.2g", gap) + " m)");
}

}  // namespace taps::physics
