#include "dask_executor.hpp"

#include "wire.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace taps::dask {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Debian's Python, which has python3-distributed (a `python3` earlier on
// PATH may be another one without it).
constexpr const char* python = "/usr/bin/python3";
// Starting a local cluster takes a few seconds; reaching a remote scheduler
// is bounded by the bridge's own connect timeout, a little shorter.
constexpr double connect_timeout = 60;
constexpr auto ready_timeout = std::chrono::duration<double>(connect_timeout + 30);
// A local cluster's workers take a second or two to close.
constexpr double close_grace = 30;

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

}  // namespace

DaskExecutor::DaskExecutor(Host host, const Config& config)
    : host_(host), tasks_(host), timeout_(config.get_double("timeout")) {
  const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  if (run == nullptr || !TAPS_HAS_FIELD(run, taps_run_info, config_file) || run->worker_program == nullptr ||
      run->config_file == nullptr || run->run_dir == nullptr) {
    throw Error("ConfigError", "dask needs a host that can start workers (run it under taps-host run)");
  }
  const fs::path script = BridgeProcess::installed_script();
  if (!fs::exists(script)) throw Error("DaskBridgeError", "the Dask bridge " + script.string() + " is missing");
  const fs::path dir = fs::path(run->run_dir) / "dask";
  fs::create_directories(dir);

  std::vector<std::string> args{"--config",          run->config_file,
                                "--worker-program",  run->worker_program,
                                "--plugin-path",     run->plugin_path != nullptr ? run->plugin_path : "",
                                "--daemon-workers",  config.get_bool("daemon_workers") ? "1" : "0",
                                "--timeout",         format_seconds(timeout_),
                                "--connect-timeout", format_seconds(connect_timeout)};
  if (config.has("scheduler_address") && !config.get_string("scheduler_address").empty()) {
    args.insert(args.end(), {"--scheduler-address", config.get_string("scheduler_address")});
  } else {
    auto workers = config.get_int("workers");
    if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
    args.insert(args.end(), {"--workers", std::to_string(workers)});
  }
  bridge_ = std::make_unique<BridgeProcess>(python, script, args, dir / "bridge.log");
  reader_ = std::thread([this] { read_loop(); });
  try {
    wait_until_ready();
  } catch (...) {
    shutdown(false, true);
    throw;
  }
}

DaskExecutor::~DaskExecutor() { shutdown(false, true); }

void DaskExecutor::wait_until_ready() {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, ready_timeout, [this] { return ready_ || broken_; })) {
    throw Error("DaskStartError", "the Dask bridge did not connect to Dask within " +
                                      format_seconds(ready_timeout.count()) + " s; its log: " + bridge_->log_tail());
  }
  if (broken_) throw Error("DaskStartError", *broken_);
}

std::uint32_t DaskExecutor::traits() const {
  // A Dask worker that dies (the taps worker's manager) fails only its
  // task as WorkerLost; its nanny starts a new one, the plugin a new taps
  // worker in it.
  std::uint32_t traits = TAPS_EXECUTOR_ISOLATES_TASKS | TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS;
  if (timeout_ > 0) traits |= TAPS_EXECUTOR_TASK_TIMEOUT;
  return traits;
}

std::string DaskExecutor::describe(const taps_task* task) const {
  return std::string("task ") + tasks_.task_id(task) + " (" + tasks_.task_name(task) + ")";
}

// ---- submission ------------------------------------------------------------------

void DaskExecutor::submit(taps_task* task) {
  Buffer message = tasks_.encode(task);
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) throw Error("ExecutorError", "dask is shut down");
    if (!broken_) {
      seq = next_seq_++;
      in_flight_.emplace(seq, task);
    }
  }
  if (seq == 0) {
    std::string reason;
    {
      std::lock_guard lock(mutex_);
      reason = *broken_;
    }
    tasks_.fail(task, "DaskBridgeError", describe(task) + ": " + reason);
    return;
  }
  try {
    std::lock_guard lock(write_mutex_);
    write_frame(bridge_->fd(), FrameKind::task, seq, message.data(), message.size());
  } catch (const Error&) {
    // The bridge is gone: the reader sees its end and fails what is in flight.
  }
}

// ---- the bridge's answers ----------------------------------------------------------

taps_task* DaskExecutor::take(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  const auto it = in_flight_.find(seq);
  if (it == in_flight_.end()) return nullptr;
  taps_task* task = it->second;
  in_flight_.erase(it);
  if (in_flight_.empty()) changed_.notify_all();
  return task;
}

void DaskExecutor::handle_failed(std::uint64_t seq, const std::vector<std::uint8_t>& body) {
  taps_task* task = take(seq);
  if (task == nullptr) return;
  const std::string text(body.begin(), body.end());
  const auto split = text.find('\0');
  const std::string type = split == std::string::npos ? "DaskError" : text.substr(0, split);
  const std::string message = split == std::string::npos ? text : text.substr(split + 1);
  if (type == "SchedulerLost") {
    std::lock_guard lock(mutex_);
    if (!scheduler_lost_) scheduler_lost_ = message;
  }
  tasks_.fail(task, type, describe(task) + ": " + message);
}

void DaskExecutor::read_loop() {
  FrameHeader header{};
  std::vector<std::uint8_t> body;
  try {
    while (read_frame(bridge_->fd(), header, body)) {
      switch (header.kind) {
        case FrameKind::result:
          if (taps_task* task = take(header.seq)) tasks_.complete_encoded(task, body.data(), body.size());
          break;
        case FrameKind::failed:
          handle_failed(header.seq, body);
          break;
        case FrameKind::log:
          host_.log(static_cast<LogLevel>(header.seq), std::string(body.begin(), body.end()));
          break;
        case FrameKind::ready: {
          host_.info("dask: " + std::string(body.begin(), body.end()));
          std::lock_guard lock(mutex_);
          ready_ = true;
          changed_.notify_all();
          break;
        }
        case FrameKind::fatal:
          break_bridge("the Dask bridge cannot reach Dask: " + std::string(body.begin(), body.end()));
          break;
        default:
          throw Error("DaskBridgeError", "an unexpected frame from the Dask bridge");
      }
    }
  } catch (const std::exception& e) {
    break_bridge(e.what());
  }
  break_bridge("the Dask bridge process (pid " + std::to_string(bridge_->pid()) + ") " + bridge_->reap(close_grace) +
               " with tasks in flight; the end of its log: " + bridge_->log_tail());
}

// Fails everything in flight with `reason`; the first reason stays.
void DaskExecutor::break_bridge(const std::string& reason) {
  std::unordered_map<std::uint64_t, taps_task*> lost;
  {
    std::lock_guard lock(mutex_);
    if (!broken_) broken_ = reason;
    lost.swap(in_flight_);
    changed_.notify_all();
  }
  for (const auto& [seq, task] : lost) tasks_.fail(task, "DaskBridgeError", describe(task) + ": " + *broken_);
}

// ---- shutdown ---------------------------------------------------------------------

void DaskExecutor::shutdown(bool wait, bool cancel_pending) {
  std::unordered_map<std::uint64_t, taps_task*> cancelled;
  std::optional<std::string> scheduler_lost;
  {
    std::unique_lock lock(mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    if (wait && !cancel_pending) changed_.wait(lock, [this] { return in_flight_.empty() || broken_; });
    cancelled.swap(in_flight_);
    if (!broken_) broken_ = "dask is shut down";
    scheduler_lost = scheduler_lost_;
  }
  for (const auto& [seq, task] : cancelled) {
    if (scheduler_lost) {
      tasks_.fail(task, "SchedulerLost", describe(task) + ": " + *scheduler_lost);
    } else {
      tasks_.fail(task, "CancelledError", describe(task) + ": dask shut down before the task finished");
    }
  }
  try {
    std::lock_guard lock(write_mutex_);
    write_frame(bridge_->fd(), FrameKind::shutdown, 0, nullptr, 0);
  } catch (const Error&) {
  }
  ::shutdown(bridge_->fd(), SHUT_WR);
  const std::string ending = bridge_->reap(close_grace);
  if (ending.find("exited with status 0") == std::string::npos) {
    host_.warning("the Dask bridge " + ending + "; the end of its log: " + bridge_->log_tail());
  }
  if (reader_.joinable()) reader_.join();
}

}  // namespace taps::dask
