// progress.hpp — periodic "Completed N/M tasks" lines, as the reference
// logs them, but at most about ten per workflow so that a run of 100k tasks
// does not log per task.
#pragma once

#include <taps/host.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace taps::synthetic {

class Progress {
 public:
  Progress(const Host& host, std::size_t total)
      : host_(host), total_(total), step_(total >= 10 ? total / 10 : 1), next_(step_),
        start_(std::chrono::steady_clock::now()) {}

  /// Call once per observed completion.
  void completed(std::size_t completed, std::size_t running) {
    if (completed < next_ || completed == total_) return;
    next_ = completed + step_;
    char line[160];
    std::snprintf(line, sizeof line, "Completed %zu/%zu tasks (rate: %.2f tasks/s, running tasks: %zu)", completed,
                  total_, static_cast<double>(completed) / elapsed(), running);
    host_.info(line);
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  const Host& host_;
  std::size_t total_;
  std::size_t step_;
  std::size_t next_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace taps::synthetic
