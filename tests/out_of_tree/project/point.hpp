// point.hpp — a user type that travels between tasks: a Codec
// specialization says how it becomes payload bytes.
#pragma once

#include <taps/codec.hpp>

struct Point {
  double x;
  double y;
};

template <>
struct taps::Codec<Point> {
  static constexpr const char* type = "point";  // the payload's type tag
  static void encode(taps::Writer& w, const Point& p) {
    w.put(p.x);
    w.put(p.y);
  }
  static Point decode(taps::Reader& r) {
    const double x = r.get<double>();
    return {x, r.get<double>()};
  }
};
