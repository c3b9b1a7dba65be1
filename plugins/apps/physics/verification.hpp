// verification.hpp — the app's checks of each trajectory against physics
// worked out on the client, independently of Bullet: the free flight
// against the parabola, the landing on flat ground against the analytic
// landing time, and the resting ball against the terrain's geometry. Each
// throws a VerificationError naming the simulation and the numbers.
#pragma once

#include "ball_throw.hpp"
#include "heightmap.hpp"
#include "simulation.hpp"

#include <cstdint>
#include <string>

namespace taps::physics {

/// Bullet computes in single precision: positions of a few metres carry
/// rounding of about 1e-6 m per step. The flight may differ from the
/// discrete parabola by this much.
inline constexpr double flight_tolerance = 1e-3;

/// How far (m) the resting ball's centre may be from one radius above the
/// terrain surface: Bullet lets a resting contact penetrate slightly.
inline constexpr double surface_tolerance = 1e-3;

struct FlightCheck {
  double max_discrete_error = 0;  // largest |flight − semi-implicit Euler parabola|, m
  double max_analytic_error = 0;  // largest |flight − continuous parabola|, m
};

/// Every position of the flight (the steps before the first contact
/// impulse) against the parabola from `start`:
/// - Bullet integrates with semi-implicit Euler at fixed steps dt, so after
///   k steps the ball is at x₀ + v₀·k·dt − ½·g·dt²·k(k+1)·ẑ; the flight must
///   match that within flight_tolerance;
/// - the continuous parabola x₀ + v₀·t − ½·g·t²·ẑ lies exactly ½·g·dt·t
///   above it at t = k·dt (the integrator's first-order error); the flight
///   must match it within ½·g·dt·t + flight_tolerance.
FlightCheck check_free_flight(const std::string& name, const BallThrow& start, const Trajectory& trajectory,
                              std::int64_t tick_rate);

/// On flat ground (height 0) the ball, dropped from z₀ with no vertical
/// speed, touches down at t* = √(2(z₀ − r)/g). The first contact impulse
/// comes at step ⌈t*/dt⌉ or the next (Bullet finds a contact at the start of
/// the step after the ball crossed the surface), so it must lie within
/// 2·dt of t*. Returns the first contact time minus t*, seconds.
double check_flat_landing(const std::string& name, const BallThrow& start, const Trajectory& trajectory,
                          const SimulationSettings& settings);

struct RestCheck {
  double surface_gap = 0;   // distance of the centre to the surface minus the radius, m
  double height_above = 0;  // centre height minus the surface height below it, m
};

/// The flight ended on the terrain or a wall (the centre one radius from it,
/// give or take one step of travel) and the ball ends at rest (speed below
/// rest_speed), inside the walls, its centre one radius from the
/// triangulated surface within surface_tolerance.
RestCheck check_at_rest_on_surface(const std::string& name, const Heightmap& terrain, const Trajectory& trajectory,
                                   const SimulationSettings& settings);

}  // namespace taps::physics
