#include "points_app.hpp"

#include <cmath>
#include <string>
#include <vector>

Point scale(Point p, double factor) { return {p.x * factor, p.y * factor}; }

Point sum(taps::Rest<Point> points) {
  Point total{0, 0};
  for (const Point& p : points) {
    total.x += p.x;
    total.y += p.y;
  }
  return total;
}

PointsApp::PointsApp(taps::Host host, const taps::Config& config)
    : host_(host), count_(config.get_int("count")), factor_(config.get_double("factor")) {}

void PointsApp::run(taps::Engine& engine, const std::filesystem::path&) {
  std::vector<taps::TaskFuture<Point>> scaled;
  for (std::int64_t i = 0; i < count_; ++i) {
    scaled.push_back(engine.submit(scale, Point{static_cast<double>(i), 1.0}, factor_));
  }
  // Futures as arguments are dependencies: sum runs once every scale did.
  const Point total = engine.submit(sum, scaled).result();

  const double n = static_cast<double>(count_);
  const Point expected{factor_ * n * (n - 1) / 2, factor_ * n};
  if (std::abs(total.x - expected.x) > 1e-9 || std::abs(total.y - expected.y) > 1e-9) {
    throw taps::Error("VerificationError", "the sum is wrong");
  }
  host_.info("sum of " + std::to_string(count_) + " points verified");
}
