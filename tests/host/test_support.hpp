// test_support.hpp — what the host's tests share: fixture locations, scratch
// directories and running taps-host as a child process.
#pragma once

#include <sys/types.h>
#include <taps/taps.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace taps::host::test {

/// "MAJOR.MINOR" of the ABI this tree builds, as the host prints it.
inline std::string abi_text() { return std::to_string(TAPS_ABI_MAJOR) + "." + std::to_string(TAPS_ABI_MINOR); }

/// test-plugins/<name>/: the directory of one fixture case (see tests/fixtures).
std::filesystem::path fixture_dir(const std::string& name);

/// A taps-host whose default plugin directories hold nothing: a copy of the
/// built binary in a directory of its own (see CMakeLists.txt), so that only
/// --plugin-path and TAPS_PLUGIN_PATH decide what a test sees.
std::filesystem::path isolated_host();

/// The taps-host of the build tree, whose default directory is build/plugins.
std::filesystem::path built_host();

/// A fresh directory, removed with its contents at the end of the test.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct ProcessResult {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string out;
  std::string err;

  /// The run directory from the "Run directory: <path>" line, if any.
  std::optional<std::filesystem::path> run_dir() const;
};

/// A child process with its stdout and stderr captured.
class ChildProcess {
 public:
  /// Starts `argv` in `cwd`. TAPS_PLUGIN_PATH is unset in the child unless
  /// `env` sets it.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  ProcessResult wait();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::thread out_reader_;
  std::thread err_reader_;
  bool waited_ = false;
};

/// Runs the isolated taps-host with `args` in `cwd` and waits for it.
ProcessResult run_host(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                       const std::map<std::string, std::string>& env = {});

std::string read_file(const std::filesystem::path& file);
std::vector<std::string> read_lines(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace taps::host::test
