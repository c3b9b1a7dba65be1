// workqueue_testing.hpp — running taps-host on the workqueue executor, and
// checking that nothing of a run outlives it: neither the work_queue_worker
// processes nor the task processes they start, nor the staging directory.
#pragma once

#include "../out_of_process.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace taps::wq_testing {

using namespace taps::oop_testing;

constexpr double run_deadline = 90;  // seconds; a run still going then is a hang
constexpr double exit_grace = 5;     // seconds a run's processes may take to go after it

/// The executor options of a run on Work Queue: any free port, so that
/// tests can run side by side.
inline std::string workqueue_args(int local_workers, const std::string& extra = "") {
  return "--engine.executor workqueue --engine.executor.port 0 --engine.executor.local-workers " +
         std::to_string(local_workers) + " " + extra;
}

inline std::string cwd_of(pid_t pid) {
  std::error_code ec;
  const auto target = fs::read_symlink("/proc/" + std::to_string(pid) + "/cwd", ec);
  return ec ? std::string() : target.string();
}

/// Running processes whose working directory or command line lies under
/// `dir`: a run's work_queue_workers (started with --workdir in it, working
/// there) and the tasks they run (in sandboxes there).
inline std::vector<ProcessId> processes_inside(const fs::path& dir) {
  std::vector<ProcessId> found;
  const std::string prefix = dir.string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    const auto pid = static_cast<pid_t>(std::stol(name));
    if (pid == getpid()) continue;
    std::string cmdline = read_text(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cwd_of(pid).rfind(prefix, 0) != 0 && cmdline.find(prefix) == std::string::npos) continue;
    if (auto id = process_id(pid); id && alive(*id)) found.push_back(*id);
  }
  return found;
}

/// Every descendant of `root` that runs now.
inline std::set<ProcessId> descendants_of(pid_t root) {
  std::set<ProcessId> found;
  std::vector<pid_t> parents{root};
  while (!parents.empty()) {
    const pid_t parent = parents.back();
    parents.pop_back();
    for (const auto& child : children_of(parent)) {
      if (found.insert(child).second) parents.push_back(child.pid);
    }
  }
  return found;
}

/// Checks that none of `seen` (processes of the run) still runs and that no
/// process lives inside the run directory, each within a grace period, and
/// that the executor removed its staging directory. Leftovers are reported,
/// then killed.
inline void expect_nothing_left(const std::set<ProcessId>& seen, const fs::path& run_dir) {
  auto left = still_running_after(seen, exit_grace);
  EXPECT_TRUE(left.empty()) << "processes outlived taps-host: " << describe(left);
  if (!run_dir.empty()) {
    const auto start = Clock::now();
    auto inside = processes_inside(run_dir);
    while (!inside.empty() && seconds_since(start) < exit_grace) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      reap_strays();
      inside = processes_inside(run_dir);
    }
    EXPECT_TRUE(inside.empty()) << "processes of the run outlived taps-host: " << describe(inside);
    left.insert(left.end(), inside.begin(), inside.end());
    EXPECT_FALSE(fs::exists(run_dir / "workqueue" / "staging")) << "the staging directory was left behind";
  }
  for (const auto& p : left) {
    if (alive(p)) ::kill(p.pid, SIGKILL);
  }
  if (!left.empty()) still_running_after({left.begin(), left.end()}, exit_grace);
}

/// Waits for taps-host, collecting its descendants about every 20 ms (a
/// full /proc scan at every poll would take a core of this machine).
inline const Ending& wait_collecting(HostProcess& host, std::set<ProcessId>& seen,
                                     const std::function<void()>& also = {}) {
  auto next = Clock::now();
  return host.wait(run_deadline, [&] {
    if (Clock::now() >= next) {
      const auto now = descendants_of(host.pid());
      seen.insert(now.begin(), now.end());
      next = Clock::now() + std::chrono::milliseconds(20);
    }
    if (also) also();
  });
}

/// The port a manager listens on, once `output` (taps-host's) says it.
inline std::optional<int> logged_port(const std::string& output) {
  const std::string phrase = "listening on port ";
  const auto at = output.find(phrase);
  if (at == std::string::npos) return std::nullopt;
  const auto digits = at + phrase.size();
  const auto end = output.find_first_not_of("0123456789", digits);
  if (end == std::string::npos || end == digits) return std::nullopt;  // not all written yet
  return std::stoi(output.substr(digits, end - digits));
}

/// A program other than taps-host (work_queue_worker, ip), with its output
/// in a file; killed and reaped when it goes out of scope.
class Program {
 public:
  Program(const std::vector<std::string>& argv, fs::path output) : output_(std::move(output)) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, output_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << argv[0] << ": " << std::strerror(rc);
      pid_ = -1;
    }
  }
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  ~Program() { stop(); }

  pid_t pid() const { return pid_; }
  std::string output() const { return read_text(output_); }

  /// Waits up to `seconds` for it to end; its wait status, or nothing.
  std::optional<int> wait(double seconds) {
    const auto start = Clock::now();
    while (pid_ > 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        status_ = status;
        break;
      }
      if (seconds_since(start) > seconds) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
  }

  /// SIGTERM (a work_queue_worker then removes its workspace), and
  /// SIGKILL if it is still there after a grace period.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    if (wait(exit_grace)) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    status_ = status;
    pid_ = -1;
  }

 private:
  fs::path output_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

/// Runs `argv` to its end; its exit status (-1 when it did not exit).
inline int run_program(const std::vector<std::string>& argv, const fs::path& output, double seconds = 30) {
  Program program(argv, output);
  const auto status = program.wait(seconds);
  return status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
}

}  // namespace taps::wq_testing
