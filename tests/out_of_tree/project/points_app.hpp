// points_app.hpp — scales points in parallel tasks, sums them in one task
// that depends on all of them, and checks the sum.
#pragma once

#include "point.hpp"

#include <taps/plugin.hpp>

#include <filesystem>

Point scale(Point p, double factor);
Point sum(taps::Rest<Point> points);

class PointsApp {
 public:
  static constexpr taps::PluginInfo info{"points", "1.0.0", "Scales points in parallel, then sums them."};
  static constexpr taps_option_desc options[] = {
      taps::option::integer("count", "Number of points.").defaults("10").min(1),
      taps::option::real("factor", "Scale factor.").defaults("2.0"),
  };
  static constexpr taps::TaskDef tasks[] = {TAPS_TASK(scale), TAPS_TASK(sum)};

  PointsApp(taps::Host host, const taps::Config& config);
  void run(taps::Engine& engine, const std::filesystem::path& run_dir);

 private:
  taps::Host host_;
  std::int64_t count_;
  double factor_;
};
