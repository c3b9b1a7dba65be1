// eta.hpp — the progress line's estimate of the time left, for apps that
// told the engine how many tasks they will submit (Engine::expect_tasks).
#pragma once

#include <cstdint>
#include <string>

namespace taps::host {

/// ", ETA 42 s (120 tasks expected)" when `expected` tasks were announced,
/// some are done and some are left: the remaining tasks at the rate so far
/// (done / elapsed). Empty when the app announced no total (0), nothing is
/// done yet, or the run has already done as many as it announced.
std::string eta_text(std::uint64_t done, std::uint64_t expected, double elapsed);

/// A duration for a person: "8.5 s", "42 s", "3m05s", "2h07m".
std::string duration_text(double seconds);

}  // namespace taps::host
