#include "run/progress.hpp"

#include "run/eta.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/details/null_mutex.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace taps::host {

namespace {

constexpr auto live_interval = std::chrono::milliseconds(200);
constexpr auto log_interval = std::chrono::seconds(10);
// Short runs finish before a line would be worth drawing.
constexpr auto live_delay = std::chrono::milliseconds(500);

std::string progress_text(const EngineStats& s, double elapsed) {
  const auto done = s.succeeded + s.failed;
  return fmt::format("{}/{} tasks done, {} failed, {:.0f} tasks/s, {:.1f} s{}", done, s.submitted, s.failed,
                     elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0, elapsed,
                     eta_text(done, s.expected, elapsed));
}

}  // namespace

/// The live line on stderr. A log line holds its mutex from the moment the
/// line is cleared until it is drawn again, so no redraw lands in between.
class LiveLine {
 public:
  void begin_log_line() {
    mutex_.lock();
    if (shown_) std::fputs("\r\033[K", stderr);
  }
  void end_log_line() {
    if (shown_) draw_locked();
    mutex_.unlock();
  }
  void show(const std::string& text) {
    std::lock_guard lock(mutex_);
    text_ = text;
    shown_ = true;
    draw_locked();
  }
  void hide() {
    std::lock_guard lock(mutex_);
    if (shown_) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  void draw_locked() {
    std::fputs(("\r\033[K[taps] " + text_).c_str(), stderr);
    std::fflush(stderr);
  }

  std::mutex mutex_;
  bool shown_ = false;
  std::string text_;
};

namespace {

/// Put before the console sink: clears the live line.
class ClearLiveLine : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  explicit ClearLiveLine(std::shared_ptr<LiveLine> live) : live_(std::move(live)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg&) override { live_->begin_log_line(); }
  void flush_() override {}

 private:
  std::shared_ptr<LiveLine> live_;
};

/// Put after the console sink: draws the live line again.
class RedrawLiveLine : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  explicit RedrawLiveLine(std::shared_ptr<LiveLine> live) : live_(std::move(live)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg&) override { live_->end_log_line(); }
  void flush_() override {}

 private:
  std::shared_ptr<LiveLine> live_;
};

std::weak_ptr<LiveLine> process_live_line;

}  // namespace

void add_live_line_sinks(std::vector<spdlog::sink_ptr>& sinks, spdlog::level::level_enum level) {
  if (isatty(STDERR_FILENO) == 0) return;
  auto live = std::make_shared<LiveLine>();
  auto clear = std::make_shared<ClearLiveLine>(live);
  auto redraw = std::make_shared<RedrawLiveLine>(live);
  clear->set_level(level);
  redraw->set_level(level);
  sinks.insert(sinks.begin(), clear);
  sinks.push_back(redraw);
  process_live_line = live;
}

ProgressDisplay::ProgressDisplay(std::function<EngineStats()> stats, std::shared_ptr<spdlog::logger> logger,
                                 spdlog::level::level_enum console_level)
    : stats_(std::move(stats)), logger_(std::move(logger)) {
  if (console_level > spdlog::level::info) return;
  live_ = process_live_line.lock();
  thread_ = std::thread([this] { loop(); });
}

ProgressDisplay::~ProgressDisplay() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
  if (live_) live_->hide();
}

void ProgressDisplay::loop() {
  std::unique_lock lock(mutex_);
  auto next_log = start_ + log_interval;
  while (!stop_cv_.wait_for(lock, live_ ? live_interval : std::chrono::milliseconds(1000), [this] { return stop_; })) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (live_) {
      if (now - start_ >= live_delay) live_->show(progress_text(stats_(), elapsed));
    } else if (now >= next_log) {
      next_log += log_interval;
      logger_->info("(taps.host) > progress: {}", progress_text(stats_(), elapsed));
    }
  }
}

}  // namespace taps::host
