// progress.hpp — how far a run is, while it runs.
//
// On a terminal, a live line at the bottom of the console, redrawn five
// times a second: tasks done of those submitted, failures, the rate and the
// elapsed time, and an ETA when the app announced its task total
// (eta.hpp). Log lines clear it before they print and it comes back
// after them, so the two never share a row. When the console is not a
// terminal (a file, a pipe, a sweep's log), a plain INFO log line every ten
// seconds says the same. Nothing is shown when the console is quieter than
// INFO.
#pragma once

#include "engine/engine.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace taps::host {

class LiveLine;

/// When stderr is a terminal, adds around `console` (a sink of `sinks`) the
/// two sinks that keep log lines and the live line apart, set to `level`.
/// Called while the logger is built: its sinks must not change once other
/// threads log (spdlog's flusher walks them). The live line belongs to the
/// process, as stderr does.
void add_live_line_sinks(std::vector<spdlog::sink_ptr>& sinks, spdlog::level::level_enum level);

class ProgressDisplay {
 public:
  /// `stats` is called from the display's thread. `console_level` is the
  /// console's; the live line needs add_live_line_sinks() on the logger.
  ProgressDisplay(std::function<EngineStats()> stats, std::shared_ptr<spdlog::logger> logger,
                  spdlog::level::level_enum console_level);
  /// Stops the thread and erases the live line.
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

 private:
  void loop();

  std::function<EngineStats()> stats_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<LiveLine> live_;  // null when the console is not a terminal
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace taps::host
