// worker_process.hpp — starting, watching and stopping one worker process.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace taps::process_pool {

/// A running `taps-host worker` connected to us by a socketpair. The host
/// program is started with posix_spawn, never by fork() of the (threaded)
/// host process.
class WorkerProcess {
 public:
  /// The worker's file descriptor for spawn()'s `extra`.
  static constexpr int extra_fd = 4;

  /// Starts `argv` (argv[0] is the program) with the worker's end of a new
  /// socketpair as file descriptor 3 and, unless it is -1, `extra` as
  /// file descriptor extra_fd. Throws std::runtime_error.
  static WorkerProcess spawn(const std::vector<std::string>& argv, int extra = -1);

  WorkerProcess() = default;
  WorkerProcess(WorkerProcess&& other) noexcept;
  WorkerProcess& operator=(WorkerProcess&& other) noexcept;
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;
  ~WorkerProcess();

  pid_t pid() const { return pid_; }
  int fd() const { return fd_; }

  /// Closes our end for writing: the worker sees end-of-file and exits.
  void close_input();

  void kill_now();

  /// Waits up to `grace_seconds` for the process to exit, then kills it;
  /// returns how it ended ("exited with status 0", "was killed by signal 9
  /// (Killed)"). Idempotent.
  std::string reap(double grace_seconds);

  /// After reap(): the process ended by a SIGKILL this object did not send.
  /// Someone outside killed a worker that was fine (a user, the OOM killer,
  /// a node failure), which says nothing about whether workers can start.
  bool killed_from_outside() const { return killed_from_outside_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string ending_;
  bool sent_kill_ = false;
  bool killed_from_outside_ = false;
};

}  // namespace taps::process_pool
