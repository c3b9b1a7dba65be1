// simulation.hpp — one golf ball thrown onto the terrain in a Bullet world of
// its own: what happens to it, step by step, summed up.
#pragma once

#include "ball_throw.hpp"
#include "heightmap.hpp"

#include <taps/codec.hpp>

#include <cstdint>
#include <vector>

namespace taps::physics {

/// The reference's simulation options.
struct SimulationSettings {
  double ball_diameter;    // metres
  double ball_mass;        // kilograms
  std::int64_t tick_rate;  // fixed steps per simulated second
  std::int64_t total_time; // simulated seconds
  bool real_time;          // pace the steps to the wall clock, as the reference does
};

/// Below this speed (m/s) a ball counts as at rest.
inline constexpr double rest_speed = 0.01;

/// A ball still rolling after total_time is simulated on until it rests,
/// for at most this many times total_time in all.
inline constexpr std::uint64_t settle_factor = 3;

/// What a simulation returns: a summary of the trajectory, not every step.
struct Trajectory {
  std::uint64_t steps = 0;         // steps simulated: tick_rate · total_time, more if the ball had to settle
  std::uint64_t flight_steps = 0;  // steps before the first contact that pushed the ball
  std::vector<double> flight;      // x, y, z after each of those steps (3 · flight_steps values)
  double landing[3] = {};          // where the ball was after the first step with a contact impulse
  double path_length = 0;          // metres travelled, summed over steps
  double max_speed = 0;            // m/s
  double rest_time = 0;            // seconds after which the speed stayed below rest_speed
  double final_position[3] = {};
  double final_velocity[3] = {};
  bool asleep = false;             // Bullet deactivated the ball (it rested long enough)
};

/// Throws a ball of the given size and mass from `start` onto `terrain`
/// (gravity 9.81 m/s² along −z, walls at the terrain's edges) and runs
/// tick_rate · total_time steps of 1/tick_rate s, then more while the ball
/// has not yet stayed below rest_speed for a simulated second (up to
/// settle_factor · total_time in all). Deterministic: the same inputs give
/// the same trajectory bit for bit.
Trajectory simulate(const Heightmap& terrain, const SimulationSettings& settings, const BallThrow& start);

/// Gravity along −z, m/s².
inline constexpr double gravity = 9.81;

}  // namespace taps::physics

template <>
struct taps::Codec<taps::physics::SimulationSettings> {
  static constexpr const char* type = "physics.settings";
  static void encode(Writer& w, const taps::physics::SimulationSettings& s) {
    w.put(s.ball_diameter);
    w.put(s.ball_mass);
    w.put(s.tick_rate);
    w.put(s.total_time);
    w.put(s.real_time);
  }
  static taps::physics::SimulationSettings decode(Reader& r) {
    taps::physics::SimulationSettings s;
    s.ball_diameter = r.get<double>();
    s.ball_mass = r.get<double>();
    s.tick_rate = r.get<std::int64_t>();
    s.total_time = r.get<std::int64_t>();
    s.real_time = r.get<bool>();
    return s;
  }
};

template <>
struct taps::Codec<taps::physics::Trajectory> {
  static constexpr const char* type = "physics.trajectory";
  static void encode(Writer& w, const taps::physics::Trajectory& t) {
    w.put(t.steps);
    w.put(t.flight_steps);
    w.put(t.flight);
    w.put_raw(t.landing, sizeof t.landing);
    w.put(t.path_length);
    w.put(t.max_speed);
    w.put(t.rest_time);
    w.put_raw(t.final_position, sizeof t.final_position);
    w.put_raw(t.final_velocity, sizeof t.final_velocity);
    w.put(t.asleep);
  }
  static taps::physics::Trajectory decode(Reader& r) {
    taps::physics::Trajectory t;
    t.steps = r.get<std::uint64_t>();
    t.flight_steps = r.get<std::uint64_t>();
    t.flight = r.get<std::vector<double>>();
    std::memcpy(t.landing, r.get_raw(sizeof t.landing), sizeof t.landing);
    t.path_length = r.get<double>();
    t.max_speed = r.get<double>();
    t.rest_time = r.get<double>();
    std::memcpy(t.final_position, r.get_raw(sizeof t.final_position), sizeof t.final_position);
    std::memcpy(t.final_velocity, r.get_raw(sizeof t.final_velocity), sizeof t.final_velocity);
    t.asleep = r.get<bool>();
    if (t.flight.size() != 3 * t.flight_steps) throw DecodeError("trajectory payload is corrupt: flight length");
    return t;
  }
};
