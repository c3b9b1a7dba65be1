// results_file.hpp — physics.json: the run's numbers for people and
// benchmark scripts: every ball's throw, trajectory summary and checks.
#pragma once

#include "ball_throw.hpp"
#include "heightmap.hpp"
#include "simulation.hpp"
#include "verification.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace taps::physics {

/// One simulated ball and what the checks measured.
struct BallResult {
  std::uint64_t index;
  BallThrow start;
  Trajectory trajectory;
  FlightCheck flight;
  RestCheck rest;
  std::optional<double> landing_time_error;  // flat throws only: first contact − analytic touchdown, s
};

struct RunResults {
  std::uint64_t seed;
  std::uint64_t tasks;
  double seconds;          // first submit to the last result on the client
  double terrain_seconds;  // making the terrain on the client
  const Heightmap* terrain;
  std::vector<BallResult> balls;  // on the noise terrain
  std::vector<BallResult> flat;   // on flat ground
};

/// Writes physics.json; throws an AppError when the file cannot be written.
void write_results(const RunResults& results, const std::filesystem::path& path);

}  // namespace taps::physics
