// tasks.hpp — the physics app's one task: a simulation of one thrown ball.
#pragma once

#include "ball_throw.hpp"
#include "heightmap.hpp"
#include "simulation.hpp"

namespace taps::physics {

/// Simulates `start` on `terrain` (both travel as values: the heights, not
/// a file name, so the task runs the same on any executor).
Trajectory simulate_ball(Heightmap terrain, SimulationSettings settings, BallThrow start);

}  // namespace taps::physics
