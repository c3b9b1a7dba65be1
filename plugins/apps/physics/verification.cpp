#include "verification.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace taps::physics {

namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

Error failed(const std::string& name, const std::string& what) { return Error("VerificationError", name + ": " + what); }

}  // namespace

FlightCheck check_free_flight(const std::string& name, const BallThrow& start, const Trajectory& trajectory,
                              std::int64_t tick_rate) {
  const double dt = 1.0 / static_cast<double>(tick_rate);
  FlightCheck check;
  for (std::uint64_t k = 1; k <= trajectory.flight_steps; ++k) {
    const double steps = static_cast<double>(k);
    const double t = steps * dt;
    const double* p = &trajectory.flight[3 * (k - 1)];
    double discrete_error = 0, analytic_error = 0;
    for (int axis = 0; axis < 3; ++axis) {
      double discrete = start.position[axis] + start.velocity[axis] * t;
      double analytic = discrete;
      if (axis == 2) {
        discrete -= 0.5 * gravity * dt * dt * steps * (steps + 1);
        analytic -= 0.5 * gravity * t * t;
      }
      discrete_error = std::max(discrete_error, std::abs(p[axis] - discrete));
      analytic_error = std::max(analytic_error, std::abs(p[axis] - analytic));
    }
    if (discrete_error > flight_tolerance) {
      throw failed(name, "after " + std::to_string(k) + " steps of free flight the ball is " + number(discrete_error) +
                             " m from the semi-implicit Euler parabola (tolerance " + number(flight_tolerance) +
                             " m)");
    }
    const double allowed = 0.5 * gravity * dt * t + flight_tolerance;
    if (analytic_error > allowed) {
      throw failed(name, "at t = " + number(t) + " s of free flight the ball is " + number(analytic_error) +
                             " m from the parabola x0 + v0 t - g t^2/2 (allowed " + number(allowed) + " m)");
    }
    check.max_discrete_error = std::max(check.max_discrete_error, discrete_error);
    check.max_analytic_error = std::max(check.max_analytic_error, analytic_error);
  }
  return check;
}

double check_flat_landing(const std::string& name, const BallThrow& start, const Trajectory& trajectory,
                          const SimulationSettings& settings) {
  const double dt = 1.0 / static_cast<double>(settings.tick_rate);
  const double radius = settings.ball_diameter / 2;
  const double touchdown = std::sqrt(2 * (start.position[2] - radius) / gravity);
  if (trajectory.flight_steps == trajectory.steps) {
    throw failed(name, "the ball never touched the flat ground in " + number(static_cast<double>(trajectory.steps) * dt) +
                           " s; it should at t = " + number(touchdown) + " s");
  }
  const double contact = static_cast<double>(trajectory.flight_steps + 1) * dt;
  if (std::abs(contact - touchdown) > 2 * dt) {
    throw failed(name, "the first contact with the flat ground came at t = " + number(contact) +
                           " s; a ball dropped from " + number(start.position[2]) + " m touches down at t = " +
                           number(touchdown) + " s (allowed: 2 steps of " + number(dt) + " s)");
  }
  return contact - touchdown;
}

RestCheck check_at_rest_on_surface(const std::string& name, const Heightmap& terrain, const Trajectory& trajectory,
                                   const SimulationSettings& settings) {
  const double radius = settings.ball_diameter / 2;
  const double dt = 1.0 / static_cast<double>(settings.tick_rate);
  const double reach = radius + 2 * terrain.spacing;
  if (trajectory.flight_steps < trajectory.steps) {
    // The first contact may be a wall, when the ball flies into one.
    const auto& l = trajectory.landing;
    const double to_wall = std::min({l[0], terrain.extent() - l[0], l[1], terrain.extent() - l[1]});
    const double landing_gap = std::min(distance_to_surface(terrain, l, reach), to_wall) - radius;
    const double allowed = trajectory.max_speed * dt + surface_tolerance;
    if (std::abs(landing_gap) > allowed) {
      throw failed(name, "the flight ended with the ball " + number(landing_gap) +
                             " m from touching the terrain or a wall (allowed: one step of travel, " + number(allowed) + " m)");
    }
  }
  const double* v = trajectory.final_velocity;
  const double speed = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (speed >= rest_speed) {
    throw failed(name, "the ball is still moving at " + number(speed) + " m/s after " +
                           number(static_cast<double>(trajectory.steps) * dt) + " s (at rest means below " +
                           number(rest_speed) + " m/s; a longer total_time lets it settle)");
  }
  const double* p = trajectory.final_position;
  if (p[0] < 0 || p[0] > terrain.extent() || p[1] < 0 || p[1] > terrain.extent()) {
    throw failed(name, "the ball ended at (" + number(p[0]) + ", " + number(p[1]) + "), outside the terrain [0, " +
                           number(terrain.extent()) + "]^2");
  }
  RestCheck check;
  check.surface_gap = distance_to_surface(terrain, trajectory.final_position, reach) - radius;
  check.height_above = p[2] - surface_height(terrain, p[0], p[1]);
  if (std::abs(check.surface_gap) > surface_tolerance) {
    throw failed(name, "the ball's centre rests " + number(check.surface_gap + radius) +
                           " m from the terrain surface, not its radius " + number(radius) + " m (tolerance " +
                           number(surface_tolerance) + " m)");
  }
  return check;
}

}  // namespace taps::physics
