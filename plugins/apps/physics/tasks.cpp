#include "tasks.hpp"

namespace taps::physics {

Trajectory simulate_ball(Heightmap terrain, SimulationSettings settings, BallThrow start) {
  return simulate(terrain, settings, start);
}

}  // namespace taps::physics
