// task_manifest.hpp — what a lean task process (`taps-task`) needs to run
// one encoded task of a run, written once on the client so that the task
// process reads no TOML, scans no plugin directory and validates no config.
//
//   taps-host worker --config RUN/config.toml --stage-task-files DIR
//
// resolves the run's configuration on the client (with every check) and
// puts into DIR: the `taps-task` program, the plugin libraries a task may
// load (every app plugin, since a task names its own app and apps may wrap
// others; the transformer and the filter), and `task.manifest` naming them by
// file name, with the transformer's and filter's resolved options. A batch
// executor (workqueue) ships DIR's files to its workers and runs
//
//   ./taps-task task.manifest task.in task.out
//
// in the task's sandbox. Apps are loaded only when a task names them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace taps::host {

struct TaskManifest {
  /// A plugin library in the manifest's directory, by file name.
  struct Library {
    std::string plugin;  // the plugin's name
    std::string file;    // file name, no directory
  };
  /// The transformer or filter: its library and resolved options, as the
  /// client's create() received them.
  struct Instance {
    Library library;
    std::vector<std::pair<std::string, std::string>> options;
  };

  /// [logging] level of the run ("INFO", ...).
  std::string log_level = "INFO";
  /// The run's config.toml, by file name beside the manifest (plugins find
  /// the run through taps.run/1).
  std::string config_file = "config.toml";
  std::vector<Library> apps;
  std::optional<Instance> transformer;
  std::optional<Instance> filter;

  /// The text of task.manifest: one record a line, tab-separated fields,
  /// tabs, newlines and backslashes in values escaped.
  std::string to_text() const;
  /// Reads what to_text() wrote. Throws std::runtime_error naming the line.
  static TaskManifest parse(const std::string& text);
  static TaskManifest read(const std::filesystem::path& file);
};

}  // namespace taps::host
