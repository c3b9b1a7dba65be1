// host_run.hpp — runs the real taps-host in a scratch directory of its own
// and reads what the run left there.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace taps::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline rapidjson::Document read_json(const std::filesystem::path& path) {
  rapidjson::Document d;
  d.Parse(read_text(path).c_str());
  return d;
}

/// A scratch directory, removed after a test that passed (kept for a look
/// after one that failed).
class Scratch {
 public:
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "taps-app-e2e-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (!::testing::Test::HasFailure()) std::filesystem::remove_all(path_);
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// One `taps-host run ARGS`, its run directory under `scratch`/runs.
class HostRun {
 public:
  HostRun(const Scratch& scratch, const std::string& args) : runs_(scratch.path() / "runs") {
    const std::string command = std::string(TAPS_HOST_BINARY) + " --plugin-path " TAPS_PLUGIN_DIR " run " + args +
                                " --run.dir-format " + (runs_ / "{timestamp}").string() + " > " +
                                (scratch.path() / "out.txt").string() + " 2>&1";
    const int status = std::system(command.c_str());
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    output_ = read_text(scratch.path() / "out.txt");
  }

  int exit_status() const { return exit_status_; }
  /// What taps-host printed, stdout and stderr.
  const std::string& output() const { return output_; }

  std::filesystem::path run_dir() const {
    if (std::filesystem::is_directory(runs_)) {
      for (const auto& entry : std::filesystem::directory_iterator(runs_)) {
        if (entry.is_directory()) return entry.path();
      }
    }
    return {};
  }

  /// Number of successful task records per function name in tasks.jsonl;
  /// a failed task counts under "<name> (failed)".
  std::map<std::string, int> task_counts() const {
    std::map<std::string, int> counts;
    std::ifstream in(run_dir() / "tasks.jsonl");
    for (std::string line; std::getline(in, line);) {
      rapidjson::Document d;
      d.Parse(line.c_str());
      if (d.HasParseError() || !d.IsObject()) {
        ADD_FAILURE() << "not a JSON record: " << line;
        continue;
      }
      const std::string name = d["function_name"].GetString();
      ++counts[d["success"].IsTrue() ? name : name + " (failed)"];
    }
    return counts;
  }

 private:
  std::filesystem::path runs_;
  int exit_status_ = -1;
  std::string output_;
};

}  // namespace taps::testing
