// task_template.hpp — what every Work Queue task of a run carries to its
// worker, so that a worker node needs no shared file system and no taps
// installation: the lean task program `taps-task`, the plugin libraries a
// task may load, the run's config.toml and the manifest naming them (all
// gathered by `taps-host worker --stage-task-files`, cached on the worker
// after the first task), the command that runs one encoded task, and the
// run's environment variables.
#pragma once

#include <taps/taps.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace taps::workqueue {

/// A file sent to the worker and cached there: `local` on this machine,
/// `remote` in the task's sandbox.
struct ShippedFile {
  std::filesystem::path local;
  std::string remote;
};

struct TaskTemplate {
  /// The shell command a task runs in its sandbox.
  std::string command;
  /// Where the encoded task and its encoded result sit in the sandbox.
  std::string task_file;
  std::string result_file;
  std::vector<ShippedFile> files;
  /// [run] env_vars of the run's config: a remote worker does not inherit
  /// the client's environment, so each task sets them.
  std::vector<std::pair<std::string, std::string>> environment;

  /// The template for the run `run` describes. Shipped files are reached
  /// through symlinks made in `staging`, a directory of this run only:
  /// Work Queue names a cached file after its local path, so a path unique
  /// to the run keeps a long-lived worker from reusing a file it cached for
  /// an earlier run (an older build of taps-host, say). Throws taps::Error.
  static TaskTemplate for_run(const taps_run_info& run, const std::filesystem::path& staging);

  /// The total size of the shipped files, for the log.
  std::uintmax_t shipped_bytes() const;
};

}  // namespace taps::workqueue
