// serial_executor.hpp — the simplest correct executor: one thread runs
// tasks in submission order.
#pragma once

#include <taps/plugin.hpp>

#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

class SerialExecutor {
 public:
  static constexpr taps::PluginInfo info{"serial", "1.0.0", "Runs tasks one at a time on one thread."};
  static constexpr std::array<taps_option_desc, 0> options{};

  SerialExecutor(taps::Host host, const taps::Config& config);
  ~SerialExecutor();

  void submit(taps_task* task);
  void shutdown(bool wait, bool cancel_pending);

 private:
  void work();

  taps::ExecutorHost tasks_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<taps_task*> queue_;
  bool stopping_ = false;
  bool cancelling_ = false;
  std::thread worker_;
};
