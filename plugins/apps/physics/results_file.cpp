#include "results_file.hpp"

#include <taps/error.hpp>

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace taps::physics {

namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::FileWriteStream>;

void vector3(JsonWriter& w, const char* key, const double (&v)[3]) {
  w.Key(key);
  w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
  w.StartArray();
  for (double x : v) w.Double(x);
  w.EndArray();
  w.SetFormatOptions(rapidjson::kFormatDefault);
}

void ball(JsonWriter& w, const BallResult& b) {
  const Trajectory& t = b.trajectory;
  w.StartObject();
  w.Key("index");
  w.Uint64(b.index);
  vector3(w, "initial_position", b.start.position);
  vector3(w, "initial_velocity", b.start.velocity);
  w.Key("steps");
  w.Uint64(t.steps);
  w.Key("flight_steps");
  w.Uint64(t.flight_steps);
  vector3(w, "landing_position", t.landing);
  vector3(w, "final_position", t.final_position);
  vector3(w, "final_velocity", t.final_velocity);
  w.Key("rest_time");
  w.Double(t.rest_time);
  w.Key("path_length");
  w.Double(t.path_length);
  w.Key("max_speed");
  w.Double(t.max_speed);
  w.Key("asleep");
  w.Bool(t.asleep);
  w.Key("flight_discrete_error");
  w.Double(b.flight.max_discrete_error);
  w.Key("flight_analytic_error");
  w.Double(b.flight.max_analytic_error);
  w.Key("surface_gap");
  w.Double(b.rest.surface_gap);
  w.Key("height_above_surface");
  w.Double(b.rest.height_above);
  if (b.landing_time_error) {
    w.Key("landing_time_error");
    w.Double(*b.landing_time_error);
  }
  w.EndObject();
}

void balls(JsonWriter& w, const char* key, const std::vector<BallResult>& list) {
  w.Key(key);
  w.StartArray();
  for (const auto& b : list) ball(w, b);
  w.EndArray();
}

double largest(const RunResults& r, double (*of)(const BallResult&)) {
  double m = 0;
  for (const auto* list : {&r.balls, &r.flat}) {
    for (const auto& b : *list) m = std::max(m, of(b));
  }
  return m;
}

}  // namespace

void write_results(const RunResults& r, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  JsonWriter w(stream);
  const auto [lowest, highest] = std::minmax_element(r.terrain->heights.begin(), r.terrain->heights.end());
  w.StartObject();
  w.Key("simulations");
  w.Uint64(r.balls.size());
  w.Key("flat_throws");
  w.Uint64(r.flat.size());
  w.Key("seed");
  w.Uint64(r.seed);
  w.Key("tasks");
  w.Uint64(r.tasks);
  w.Key("seconds");
  w.Double(r.seconds);
  w.Key("terrain_seconds");
  w.Double(r.terrain_seconds);
  w.Key("terrain");
  w.StartObject();
  w.Key("samples_per_side");
  w.Uint64(r.terrain->n);
  w.Key("spacing");
  w.Double(r.terrain->spacing);
  w.Key("extent");
  w.Double(r.terrain->extent());
  w.Key("min_height");
  w.Double(*lowest);
  w.Key("max_height");
  w.Double(*highest);
  w.EndObject();
  w.Key("tolerances");
  w.StartObject();
  w.Key("flight");
  w.Double(flight_tolerance);
  w.Key("surface");
  w.Double(surface_tolerance);
  w.Key("rest_speed");
  w.Double(rest_speed);
  w.EndObject();
  w.Key("max_flight_discrete_error");
  w.Double(largest(r, [](const BallResult& b) { return b.flight.max_discrete_error; }));
  w.Key("max_flight_analytic_error");
  w.Double(largest(r, [](const BallResult& b) { return b.flight.max_analytic_error; }));
  w.Key("max_surface_gap");
  w.Double(largest(r, [](const BallResult& b) { return std::abs(b.rest.surface_gap); }));
  balls(w, "balls", r.balls);
  balls(w, "flat", r.flat);
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
}

}  // namespace taps::physics
