// run_lock.hpp — whether the process of a run still runs.
//
// `taps-host run` holds an exclusive flock(2) on its run directory for as
// long as it lives (the directory, not the log: `[logging] file_name` may put
// the log anywhere); the kernel drops the lock when the process ends in any way
// (SIGKILL, OOM). So another process can tell a dead run from a live one
// without a pid, which a reused pid or another machine would make wrong:
// `taps-host clean` refuses a run whose lock is held.
#pragma once

#include <filesystem>

namespace taps::host {

class RunLock {
 public:
  /// Takes the lock on `run_dir` (opened close-on-exec, so workers started
  /// by exec do not hold it). Throws std::system_error.
  explicit RunLock(const std::filesystem::path& run_dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  /// True when a live process holds the lock of `run_dir`; false when the
  /// directory is absent or nobody holds it.
  static bool held(const std::filesystem::path& run_dir);

 private:
  int fd_ = -1;
};

}  // namespace taps::host
