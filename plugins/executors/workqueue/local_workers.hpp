// local_workers.hpp — `work_queue_worker` processes on this machine, started
// for the run (option local_workers) and stopped with it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace taps::workqueue {

class LocalWorkers {
 public:
  struct Settings {
    int count = 0;
    int port = 0;                                  // the manager's, on localhost
    std::optional<std::filesystem::path> password;  // password file
    std::filesystem::path workdir;                  // where workers keep sandboxes and caches
    std::filesystem::path log_dir;                  // local-worker-N.log, their output
  };

  /// Starts `count` workers of one core each. Throws taps::Error when the
  /// program is not installed or cannot be started.
  explicit LocalWorkers(const Settings& settings);
  LocalWorkers(const LocalWorkers&) = delete;
  LocalWorkers& operator=(const LocalWorkers&) = delete;
  ~LocalWorkers();

  /// One line per worker that ended since the last call (how, and the end
  /// of its log). Never blocks.
  std::vector<std::string> reap_ended();

  /// Asks every worker still running to stop (SIGTERM: it kills its tasks
  /// and removes its sandboxes), waits up to `grace_seconds`, then kills the
  /// rest. Idempotent.
  void stop(double grace_seconds);

  std::vector<pid_t> running() const;

 private:
  struct Worker {
    int number = 0;
    pid_t pid = -1;
    std::filesystem::path log;
  };
  std::string describe_end(const Worker& worker, int status) const;

  std::vector<Worker> workers_;
};

}  // namespace taps::workqueue
