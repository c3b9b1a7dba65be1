// ball_throw.hpp — where a ball starts and how fast it goes: the reference's
// throw (a random spot in the middle 60 % of the green, twice the terrain's
// height up, a random horizontal velocity of up to a tenth of the width per
// second along each axis), drawn from a seed of its own so that a throw is
// the same whichever executor, worker or order runs it.
#pragma once

#include <taps/codec.hpp>

#include <cstdint>
#include <cstring>

namespace taps::physics {

struct BallThrow {
  double position[3];
  double velocity[3];
};

/// The seed of throw `index` of a run seeded `seed` (SplitMix64 of both).
std::uint64_t throw_seed(std::uint64_t seed, std::uint64_t index);

/// The throw drawn from `throw_seed`: x and y uniform in
/// [0.2·width, 0.8·width], z = 2·terrain_height; vx and vy uniform in
/// [−0.1·width, 0.1·width] m/s, vz = 0. Uniforms come from the raw output of
/// std::mt19937_64, so every standard library draws the same throw.
BallThrow draw_throw(std::uint64_t throw_seed, double width, double terrain_height);

}  // namespace taps::physics

template <>
struct taps::Codec<taps::physics::BallThrow> {
  static constexpr const char* type = "physics.throw";
  static void encode(Writer& w, const taps::physics::BallThrow& t) {
    w.put_raw(t.position, sizeof t.position);
    w.put_raw(t.velocity, sizeof t.velocity);
  }
  static taps::physics::BallThrow decode(Reader& r) {
    taps::physics::BallThrow t;
    std::memcpy(t.position, r.get_raw(sizeof t.position), sizeof t.position);
    std::memcpy(t.velocity, r.get_raw(sizeof t.velocity), sizeof t.velocity);
    return t;
  }
};
