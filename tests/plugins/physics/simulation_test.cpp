// One ball in Bullet: the throw it is given, its flight against the
// parabola, its landing on flat ground, its rest on the surface, the walls
// that keep it on the terrain, and that the same inputs give the same
// trajectory. And the checks, shown catching trajectories that are wrong.
#include "apps/physics/ball_throw.hpp"
#include "apps/physics/simulation.hpp"
#include "apps/physics/terrain.hpp"
#include "apps/physics/verification.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cstring>

namespace taps::physics {
namespace {

const SimulationSettings two_seconds{0.2, 0.05, 240, 2, false};

TEST(BallThrow, IsDrawnInTheReferenceRangesAndRepeatsForItsSeed) {
  for (std::uint64_t i = 0; i < 50; ++i) {
    const BallThrow t = draw_throw(throw_seed(9, i), 20, 3);
    EXPECT_GE(t.position[0], 4.0);
    EXPECT_LE(t.position[0], 16.0);
    EXPECT_GE(t.position[1], 4.0);
    EXPECT_LE(t.position[1], 16.0);
    EXPECT_EQ(t.position[2], 6.0);
    EXPECT_LE(std::abs(t.velocity[0]), 2.0);
    EXPECT_LE(std::abs(t.velocity[1]), 2.0);
    EXPECT_EQ(t.velocity[2], 0.0);
    const BallThrow again = draw_throw(throw_seed(9, i), 20, 3);
    EXPECT_EQ(std::memcmp(&t, &again, sizeof t), 0);
  }
  EXPECT_NE(throw_seed(9, 0), throw_seed(9, 1));
  EXPECT_NE(throw_seed(9, 0), throw_seed(10, 0));
}

TEST(BallSimulation, FlightOnFlatGroundIsTheParabolaAndLandsOnTime) {
  const Heightmap flat = flat_heightmap(10);
  const BallThrow start{{5, 5, 2}, {0.7, -0.4, 0}};
  const Trajectory t = simulate(flat, two_seconds, start);
  ASSERT_GT(t.flight_steps, 100u) << "a drop from 2 m lasts about 0.6 s";
  const FlightCheck flight = check_free_flight("drop", start, t, 240);
  EXPECT_LT(flight.max_discrete_error, flight_tolerance);
  EXPECT_GT(flight.max_analytic_error, 1e-3) << "the integrator's first-order error is visible";
  EXPECT_NO_THROW(check_flat_landing("drop", start, t, two_seconds));
  const RestCheck rest = check_at_rest_on_surface("drop", flat, t, two_seconds);
  EXPECT_LT(std::abs(rest.surface_gap), surface_tolerance);
  EXPECT_NEAR(t.final_position[2], 0.1, surface_tolerance);
}

TEST(BallSimulation, BallRestsOnNoiseTerrain) {
  const Heightmap terrain = generate_terrain({4, 1, 5, 10.0, 3, 0.2, 2.0, 2}, 3);
  const BallThrow start = draw_throw(throw_seed(3, 0), 4, 1);
  const Trajectory t = simulate(terrain, two_seconds, start);
  EXPECT_NO_THROW(check_free_flight("ball", start, t, 240));
  EXPECT_NO_THROW(check_at_rest_on_surface("ball", terrain, t, two_seconds));
}

TEST(BallSimulation, WallsKeepAFastBallOnTheTerrain) {
  const Heightmap flat = flat_heightmap(2);
  const BallThrow start{{1, 1, 0.5}, {6, 3, 0}};
  const Trajectory t = simulate(flat, two_seconds, start);
  EXPECT_NO_THROW(check_at_rest_on_surface("fast", flat, t, two_seconds));
  EXPECT_LT(t.flight_steps, 60u) << "it hit the wall at x = 2 m in flight, after 1/6 s";
  EXPECT_NEAR(t.final_position[0], 1.9, 1e-2) << "it rests against that wall";
}

TEST(BallSimulation, IsDeterministicBitForBit) {
  const Heightmap terrain = generate_terrain({4, 1, 5, 10.0, 3, 0.2, 2.0, 2}, 4);
  const BallThrow start = draw_throw(throw_seed(4, 1), 4, 1);
  const Trajectory a = simulate(terrain, two_seconds, start), b = simulate(terrain, two_seconds, start);
  EXPECT_EQ(std::memcmp(a.final_position, b.final_position, sizeof a.final_position), 0);
  EXPECT_EQ(a.flight, b.flight);
  EXPECT_EQ(a.steps, b.steps);
}

TEST(BallSimulation, KeepsSteppingUntilARollingBallRests) {
  const Heightmap flat = flat_heightmap(20);
  const SimulationSettings one_second{0.2, 0.05, 240, 1, false};
  const Trajectory t = simulate(flat, one_second, BallThrow{{10, 10, 0.5}, {1.5, 0, 0}});
  EXPECT_GT(t.steps, 240u) << "still rolling after the 1 s the settings ask for";
  EXPECT_LE(t.steps, settle_factor * 240);
  EXPECT_NO_THROW(check_at_rest_on_surface("rolling", flat, t, one_second));
}

class PhysicsChecks : public ::testing::Test {
 protected:
  Heightmap flat = flat_heightmap(10);
  BallThrow start{{5, 5, 2}, {0.7, -0.4, 0}};
  Trajectory t = simulate(flat, two_seconds, start);

  static void expect_verification_error(const std::function<void()>& check, const std::string& fragment) {
    try {
      check();
      ADD_FAILURE() << "no VerificationError";
    } catch (const Error& e) {
      EXPECT_EQ(e.type(), "VerificationError");
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  }
};

TEST_F(PhysicsChecks, CatchAFlightOffTheParabola) {
  t.flight[3 * 50 + 2] += 0.01;
  expect_verification_error([&] { check_free_flight("drop", start, t, 240); }, "semi-implicit Euler parabola");
}

TEST_F(PhysicsChecks, CatchAFlightIntegratedWithAnotherStep) {
  expect_verification_error([&] { check_free_flight("drop", start, t, 200); }, "parabola");
}

TEST_F(PhysicsChecks, CatchALandingAtTheWrongTime) {
  t.flight_steps -= 5;
  t.flight.resize(3 * t.flight_steps);
  expect_verification_error([&] { check_flat_landing("drop", start, t, two_seconds); }, "touches down at");
}

TEST_F(PhysicsChecks, CatchABallStillMoving) {
  t.final_velocity[0] = 0.05;
  expect_verification_error([&] { check_at_rest_on_surface("drop", flat, t, two_seconds); }, "still moving");
}

TEST_F(PhysicsChecks, CatchABallFloatingAboveTheSurface) {
  t.final_position[2] += 0.01;
  expect_verification_error([&] { check_at_rest_on_surface("drop", flat, t, two_seconds); }, "not its radius");
}

TEST_F(PhysicsChecks, CatchABallOffTheTerrain) {
  t.final_position[0] = 10.5;
  expect_verification_error([&] { check_at_rest_on_surface("drop", flat, t, two_seconds); }, "outside the terrain");
}

}  // namespace
}  // namespace taps::physics
