#include "ball_throw.hpp"

#include <random>

namespace taps::physics {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double uniform(std::mt19937_64& random, double lo, double hi) {
  const double unit = static_cast<double>(random() >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * unit;
}

}  // namespace

std::uint64_t throw_seed(std::uint64_t seed, std::uint64_t index) { return splitmix64(splitmix64(seed) ^ index); }

BallThrow draw_throw(std::uint64_t throw_seed, double width, double terrain_height) {
  std::mt19937_64 random(throw_seed);
  BallThrow t{};
  t.position[0] = uniform(random, 0.2 * width, 0.8 * width);
  t.position[1] = uniform(random, 0.2 * width, 0.8 * width);
  t.position[2] = 2 * terrain_height;
  const double max_speed = 0.1 * width;
  t.velocity[0] = uniform(random, -max_speed, max_speed);
  t.velocity[1] = uniform(random, -max_speed, max_speed);
  t.velocity[2] = 0;
  return t;
}

}  // namespace taps::physics
