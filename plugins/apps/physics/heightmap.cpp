#include "heightmap.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace taps::physics {

namespace {

using Point = std::array<double, 3>;

Point minus(const Point& a, const Point& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
double dot(const Point& a, const Point& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// The closest point of triangle abc to p (Ericson, Real-Time Collision
// Detection, 5.1.5), returned as its squared distance to p.
double squared_distance_to_triangle(const Point& p, const Point& a, const Point& b, const Point& c) {
  const Point ab = minus(b, a), ac = minus(c, a), ap = minus(p, a);
  const auto squared_to = [&](const Point& q) {
    const Point d = minus(p, q);
    return dot(d, d);
  };
  const auto along = [](const Point& o, const Point& e, double t) {
    return Point{o[0] + t * e[0], o[1] + t * e[1], o[2] + t * e[2]};
  };
  const double d1 = dot(ab, ap), d2 = dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return squared_to(a);
  const Point bp = minus(p, b);
  const double d3 = dot(ab, bp), d4 = dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return squared_to(b);
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return squared_to(along(a, ab, d1 / (d1 - d3)));
  const Point cp = minus(p, c);
  const double d5 = dot(ab, cp), d6 = dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return squared_to(c);
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return squared_to(along(a, ac, d2 / (d2 - d6)));
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
    return squared_to(along(b, minus(c, b), (d4 - d3) / ((d4 - d3) + (d5 - d6))));
  }
  const double denominator = 1 / (va + vb + vc);
  const double v = vb * denominator, w = vc * denominator;
  return squared_to({a[0] + ab[0] * v + ac[0] * w, a[1] + ab[1] * v + ac[1] * w, a[2] + ab[2] * v + ac[2] * w});
}

}  // namespace

Heightmap flat_heightmap(double extent) { return Heightmap{2, extent, std::vector<double>(4, 0.0)}; }

double surface_height(const Heightmap& terrain, double x, double y) {
  const double last = static_cast<double>(terrain.n - 1);
  const double u = std::clamp(x / terrain.spacing, 0.0, last);
  const double v = std::clamp(y / terrain.spacing, 0.0, last);
  const auto column = std::min(static_cast<std::size_t>(u), terrain.n - 2);
  const auto row = std::min(static_cast<std::size_t>(v), terrain.n - 2);
  const double fx = u - static_cast<double>(column), fy = v - static_cast<double>(row);
  const double h00 = terrain.at(row, column), h01 = terrain.at(row, column + 1);
  const double h10 = terrain.at(row + 1, column), h11 = terrain.at(row + 1, column + 1);
  // h01 is (column + 1, row), h10 is (column, row + 1): the cut between them.
  if (fx + fy <= 1) return h00 + fx * (h01 - h00) + fy * (h10 - h00);
  return h11 + (1 - fx) * (h10 - h11) + (1 - fy) * (h01 - h11);
}

double distance_to_surface(const Heightmap& terrain, const double (&p)[3], double reach) {
  const auto cell_range = [&](double coordinate) {
    const double last_cell = static_cast<double>(terrain.n - 2);
    const double lo = std::clamp(std::floor((coordinate - reach) / terrain.spacing), 0.0, last_cell);
    const double hi = std::clamp(std::floor((coordinate + reach) / terrain.spacing), 0.0, last_cell);
    return std::pair{static_cast<std::size_t>(lo), static_cast<std::size_t>(hi)};
  };
  const auto [column_lo, column_hi] = cell_range(p[0]);
  const auto [row_lo, row_hi] = cell_range(p[1]);
  const Point q{p[0], p[1], p[2]};
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t row = row_lo; row <= row_hi; ++row) {
    for (std::size_t column = column_lo; column <= column_hi; ++column) {
      const auto vertex = [&](std::size_t r, std::size_t c) {
        return Point{static_cast<double>(c) * terrain.spacing, static_cast<double>(r) * terrain.spacing,
                     terrain.at(r, c)};
      };
      const Point v00 = vertex(row, column), v01 = vertex(row, column + 1);
      const Point v10 = vertex(row + 1, column), v11 = vertex(row + 1, column + 1);
      best = std::min({best, squared_distance_to_triangle(q, v00, v10, v01),
                       squared_distance_to_triangle(q, v01, v10, v11)});
    }
  }
  return std::sqrt(best);
}

}  // namespace taps::physics
