#include "run/eta.hpp"

#include <fmt/format.h>

#include <cmath>

namespace taps::host {

std::string duration_text(double seconds) {
  if (seconds < 10) return fmt::format("{:.1f} s", seconds);
  if (seconds < 60) return fmt::format("{:.0f} s", seconds);
  const auto whole = static_cast<std::uint64_t>(std::llround(seconds));
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
}

std::string eta_text(std::uint64_t done, std::uint64_t expected, double elapsed) {
  if (expected == 0 || done == 0 || done >= expected || !(elapsed > 0)) return "";
  const double rate = static_cast<double>(done) / elapsed;
  return fmt::format(", ETA {} ({} tasks expected)", duration_text(static_cast<double>(expected - done) / rate),
                     expected);
}

}  // namespace taps::host
