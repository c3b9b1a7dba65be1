// bridge_process.hpp — the Python process that drives Dask for the dask
// executor (taps_dask_bridge.py, installed beside the plugin library).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace taps::dask {

class BridgeProcess {
 public:
  /// Starts `python bridge ARGS --fd N` with one end of a socketpair as fd N
  /// (the other is fd()), its output into `log_file`. It leads a process
  /// group of its own (the terminal's Ctrl-C is taps-host's) and is sent
  /// SIGTERM if taps-host dies. Throws when it cannot start.
  BridgeProcess(const std::string& python, const std::filesystem::path& script, std::vector<std::string> args,
                const std::filesystem::path& log_file);
  BridgeProcess(const BridgeProcess&) = delete;
  BridgeProcess& operator=(const BridgeProcess&) = delete;
  ~BridgeProcess();

  int fd() const { return fd_; }
  pid_t pid() const { return pid_; }

  /// Waits up to `grace_seconds` for it to end, then kills its process group
  /// (its Dask cluster with it); how it ended, in words. [thread-safe]
  std::string reap(double grace_seconds);

  /// The last `bytes` of its output, for error messages.
  std::string log_tail(std::size_t bytes = 1500) const;

  /// Where the bridge script lies: beside the library holding this code.
  static std::filesystem::path installed_script();

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::filesystem::path log_file_;
  std::mutex reap_mutex_;
  std::string ending_;
};

}  // namespace taps::dask
