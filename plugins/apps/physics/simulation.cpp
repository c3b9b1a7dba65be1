#include "simulation.hpp"

#include <btBulletDynamicsCommon.h>
#include <BulletCollision/CollisionShapes/btHeightfieldTerrainShape.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

namespace taps::physics {

namespace {

// The reference's ball (pybullet changeDynamics): Bullet combines these with
// the terrain's default friction of 0.5. Restitution stays Bullet's 0, as in
// the reference: the ball lands without bouncing back up.
constexpr btScalar lateral_friction = 0.2f;
constexpr btScalar rolling_friction = 0.05f;
constexpr btScalar spinning_friction = 0.05f;

// A static body owning its shape.
struct StaticBody {
  std::unique_ptr<btCollisionShape> shape;
  std::unique_ptr<btRigidBody> body;
};

StaticBody make_static(std::unique_ptr<btCollisionShape> shape, const btVector3& origin) {
  btRigidBody::btRigidBodyConstructionInfo info(0, nullptr, shape.get());
  info.m_startWorldTransform.setIdentity();
  info.m_startWorldTransform.setOrigin(origin);
  auto body = std::make_unique<btRigidBody>(info);
  return {std::move(shape), std::move(body)};
}

// The walls around the terrain keep a ball from rolling off its edge.
std::vector<StaticBody> make_walls(double extent) {
  const auto e = static_cast<btScalar>(extent);
  std::vector<StaticBody> walls;
  walls.push_back(make_static(std::make_unique<btStaticPlaneShape>(btVector3(1, 0, 0), 0), btVector3(0, 0, 0)));
  walls.push_back(make_static(std::make_unique<btStaticPlaneShape>(btVector3(-1, 0, 0), -e), btVector3(0, 0, 0)));
  walls.push_back(make_static(std::make_unique<btStaticPlaneShape>(btVector3(0, 1, 0), 0), btVector3(0, 0, 0)));
  walls.push_back(make_static(std::make_unique<btStaticPlaneShape>(btVector3(0, -1, 0), -e), btVector3(0, 0, 0)));
  return walls;
}

// Bullet centres a height field on its bounding box: shifting the body by
// the box's centre puts sample (column, row) at (column · spacing,
// row · spacing, height) in the world.
StaticBody make_terrain(const Heightmap& terrain) {
  const auto [lowest, highest] = std::minmax_element(terrain.heights.begin(), terrain.heights.end());
  const int n = static_cast<int>(terrain.n);
  auto shape = std::make_unique<btHeightfieldTerrainShape>(n, n, terrain.heights.data(), static_cast<btScalar>(*lowest),
                                                           static_cast<btScalar>(*highest), 2, false);
  const auto spacing = static_cast<btScalar>(terrain.spacing);
  shape->setLocalScaling(btVector3(spacing, spacing, 1));
  const auto half = static_cast<btScalar>(terrain.extent() / 2);
  return make_static(std::move(shape), btVector3(half, half, static_cast<btScalar>((*lowest + *highest) / 2)));
}

// True when the solver pushed on the ball during the last step.
bool ball_was_pushed(btDispatcher& dispatcher, const btCollisionObject* ball) {
  for (int m = 0; m < dispatcher.getNumManifolds(); ++m) {
    const btPersistentManifold* manifold = dispatcher.getManifoldByIndexInternal(m);
    if (manifold->getBody0() != ball && manifold->getBody1() != ball) continue;
    for (int c = 0; c < manifold->getNumContacts(); ++c) {
      if (manifold->getContactPoint(c).getAppliedImpulse() > 0) return true;
    }
  }
  return false;
}

void copy(const btVector3& v, double (&out)[3]) {
  for (int i = 0; i < 3; ++i) out[i] = v[i];
}

}  // namespace

Trajectory simulate(const Heightmap& terrain, const SimulationSettings& settings, const BallThrow& start) {
  btDefaultCollisionConfiguration configuration;
  btCollisionDispatcher dispatcher(&configuration);
  btDbvtBroadphase broadphase;
  btSequentialImpulseConstraintSolver solver;
  btDiscreteDynamicsWorld world(&dispatcher, &broadphase, &solver, &configuration);
  world.setGravity(btVector3(0, 0, static_cast<btScalar>(-gravity)));

  StaticBody ground = make_terrain(terrain);
  world.addRigidBody(ground.body.get());
  std::vector<StaticBody> walls = make_walls(terrain.extent());
  for (auto& wall : walls) world.addRigidBody(wall.body.get());

  const auto radius = static_cast<btScalar>(settings.ball_diameter / 2);
  const auto mass = static_cast<btScalar>(settings.ball_mass);
  btSphereShape sphere(radius);
  btVector3 inertia(0, 0, 0);
  sphere.calculateLocalInertia(mass, inertia);
  btRigidBody::btRigidBodyConstructionInfo info(mass, nullptr, &sphere, inertia);
  info.m_startWorldTransform.setIdentity();
  info.m_startWorldTransform.setOrigin(btVector3(static_cast<btScalar>(start.position[0]),
                                                 static_cast<btScalar>(start.position[1]),
                                                 static_cast<btScalar>(start.position[2])));
  info.m_friction = lateral_friction;
  info.m_rollingFriction = rolling_friction;
  info.m_spinningFriction = spinning_friction;
  // No damping (Bullet's default): the flight is pure gravity.
  info.m_linearDamping = 0;
  info.m_angularDamping = 0;
  // Bullet freezes a body that stayed below these speeds for 2 s. Its
  // defaults (0.8 m/s) would stop a slowly rolling ball on a slope; these
  // only put to sleep a ball that is at rest by our own measure.
  info.m_linearSleepingThreshold = static_cast<btScalar>(rest_speed);
  info.m_angularSleepingThreshold = static_cast<btScalar>(rest_speed) / radius;
  btRigidBody ball(info);
  ball.setLinearVelocity(btVector3(static_cast<btScalar>(start.velocity[0]), static_cast<btScalar>(start.velocity[1]),
                                   static_cast<btScalar>(start.velocity[2])));
  world.addRigidBody(&ball);

  Trajectory t;
  t.steps = static_cast<std::uint64_t>(settings.tick_rate * settings.total_time);
  const auto dt = static_cast<btScalar>(1.0 / static_cast<double>(settings.tick_rate));
  const auto wall_start = std::chrono::steady_clock::now();
  const std::chrono::duration<double> wall_step(1.0 / static_cast<double>(settings.tick_rate));
  bool flying = true;
  std::uint64_t last_moving_step = 0;
  btVector3 previous = ball.getWorldTransform().getOrigin();
  // The reference stops after total_time; a ball still rolling then is
  // stepped on until it has stayed below rest_speed for one simulated
  // second, for at most settle_factor · total_time in all.
  const auto one_second = static_cast<std::uint64_t>(settings.tick_rate);
  const std::uint64_t step_limit = settle_factor * t.steps;
  std::uint64_t step = 1;
  for (; step <= t.steps || (step - last_moving_step <= one_second && step <= step_limit); ++step) {
    // maxSubSteps 0: exactly one internal step of dt per call.
    world.stepSimulation(dt, 0);
    const btVector3 position = ball.getWorldTransform().getOrigin();
    const btVector3 velocity = ball.getLinearVelocity();
    if (flying && ball_was_pushed(dispatcher, &ball)) {
      flying = false;
      copy(position, t.landing);
    }
    if (flying) {
      ++t.flight_steps;
      t.flight.insert(t.flight.end(), {position.x(), position.y(), position.z()});
    }
    t.path_length += (position - previous).length();
    previous = position;
    const double speed = velocity.length();
    t.max_speed = std::max(t.max_speed, speed);
    if (speed >= rest_speed) last_moving_step = step;
    if (settings.real_time) std::this_thread::sleep_until(wall_start + wall_step * static_cast<double>(step));
  }
  t.steps = step - 1;
  t.rest_time = static_cast<double>(last_moving_step) / static_cast<double>(settings.tick_rate);
  copy(ball.getWorldTransform().getOrigin(), t.final_position);
  copy(ball.getLinearVelocity(), t.final_velocity);
  t.asleep = ball.getActivationState() == ISLAND_SLEEPING;

  world.removeRigidBody(&ball);
  for (auto& wall : walls) world.removeRigidBody(wall.body.get());
  world.removeRigidBody(ground.body.get());
  return t;
}

}  // namespace taps::physics
