// out_of_process.hpp — running the real taps-host as a child process while
// watching the worker processes it starts, for the process-pool, tbb and
// worker tests.
//
// The test process makes itself a child subreaper, so workers that outlive
// taps-host are re-parented to it rather than to init: they can be seen and
// reaped, and a leaked worker shows up as a live process, never as a zombie
// nobody collects.
#pragma once

#include "task_records.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace taps::oop_testing {

using testing::Record;
using testing::check_synthetic_shape;
using testing::only;
using testing::read_records;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---- processes, as /proc shows them ----------------------------------------

/// A process, told apart from a later one with the same pid by its start
/// time (in clock ticks since boot).
struct ProcessId {
  pid_t pid = 0;
  unsigned long long start_ticks = 0;
  auto operator<=>(const ProcessId&) const = default;
};

struct ProcStat {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';
  unsigned long long start_ticks = 0;
};

/// /proc/PID/stat, or nothing if the process does not exist (any more).
inline std::optional<ProcStat> read_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  ProcStat stat;
  stat.pid = pid;
  fields >> stat.state >> stat.ppid;
  std::string skip;
  // Fields 5..21, then starttime (field 22).
  for (int i = 5; i <= 21; ++i) fields >> skip;
  fields >> stat.start_ticks;
  if (!fields) return std::nullopt;
  return stat;
}

/// The processes whose parent is `parent`.
inline std::vector<ProcessId> children_of(pid_t parent) {
  std::vector<ProcessId> children;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    auto stat = read_stat(static_cast<pid_t>(std::stol(name)));
    if (stat && stat->ppid == parent) children.push_back({stat->pid, stat->start_ticks});
  }
  return children;
}

/// True while the process runs (a zombie has ended; it only awaits reaping).
inline bool alive(const ProcessId& process) {
  auto stat = read_stat(process.pid);
  return stat && stat->start_ticks == process.start_ticks && stat->state != 'Z' && stat->state != 'X';
}

inline std::optional<ProcessId> process_id(pid_t pid) {
  auto stat = read_stat(pid);
  if (!stat) return std::nullopt;
  return ProcessId{pid, stat->start_ticks};
}

/// Reaps the zombies among this (subreaper) test process's children: workers
/// re-parented to it. Only call it when no taps-host of the test still runs.
inline void reap_strays() {
  for (const auto& child : children_of(getpid())) {
    int status = 0;
    if (auto stat = read_stat(child.pid); stat && stat->state == 'Z') waitpid(child.pid, &status, WNOHANG);
  }
}

/// Waits up to `seconds` for every process of `processes` to end; returns
/// those still running then.
inline std::vector<ProcessId> still_running_after(const std::set<ProcessId>& processes, double seconds) {
  const auto start = Clock::now();
  std::vector<ProcessId> running;
  for (;;) {
    reap_strays();
    running.clear();
    for (const auto& p : processes) {
      if (alive(p)) running.push_back(p);
    }
    if (running.empty() || seconds_since(start) > seconds) return running;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

/// Running processes whose command line contains `text` (a run directory:
/// workers are started with `--config RUN_DIR/config.toml`). Finds a leaked
/// worker even if polling never saw it.
inline std::vector<ProcessId> processes_naming(const std::string& text) {
  std::vector<ProcessId> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::string cmdline = read_text(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(text) == std::string::npos) continue;
    if (auto id = process_id(static_cast<pid_t>(std::stol(name))); id && alive(*id)) found.push_back(*id);
  }
  return found;
}

inline std::string describe(const std::vector<ProcessId>& processes) {
  std::string text;
  for (const auto& p : processes) {
    text += (text.empty() ? "" : ", ") + std::to_string(p.pid);
    std::string cmdline = read_text("/proc/" + std::to_string(p.pid) + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    text += " (" + cmdline + ")";
  }
  return text;
}

// ---- one taps-host process ----------------------------------------------------

/// How a taps-host process ended.
struct Ending {
  bool exited = false;
  int exit_status = -1;  // when exited
  int signal = 0;        // when killed by a signal
  bool hung = false;     // still running at the deadline (then killed)
  double seconds = 0;    // from start to end
};

inline std::string to_string(const Ending& e) {
  if (e.hung) return "still running at the deadline";
  if (e.exited) return "exited with status " + std::to_string(e.exit_status);
  return "killed by signal " + std::to_string(e.signal);
}

/// taps-host started with `args`, stdout and stderr into `output`. Watches
/// the host's children (its workers) from start to end. With `own_group`
/// it leads a process group of its own (as a shell job does), which
/// signal_group() signals.
class HostProcess {
 public:
  /// Says that a constructor's argv is a whole command (a launcher such as
  /// mpirun that starts taps-host), not taps-host's arguments.
  struct WholeCommand {};

  HostProcess(const std::vector<std::string>& args, fs::path output, bool own_group = false)
      : HostProcess(WholeCommand{}, with_host_binary(args), std::move(output), own_group) {}

  HostProcess(WholeCommand, std::vector<std::string> argv, fs::path output, bool own_group = false)
      : output_(std::move(output)) {
    static const bool subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
    (void)subreaper;
    for (const auto& a : argv) command_line_ += (command_line_.empty() ? "" : " ") + a;
    for (const auto& a : argv) raw_command_line_ += a + std::string(1, '\0');

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, output_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    if (own_group) {
      posix_spawnattr_setpgroup(&attributes, 0);
      posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    }
    start_ = Clock::now();
    const int rc = posix_spawn(&pid_, c_argv[0], &actions, &attributes, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << command_line_ << ": " << std::strerror(rc);
      pid_ = -1;
    }
  }
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;
  ~HostProcess() {
    if (pid_ > 0 && !ending_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }

  pid_t pid() const { return pid_; }
  /// Signals taps-host's process group (with own_group: taps-host and its
  /// workers), as a terminal's Ctrl-C or `kill -TERM -PGID` does.
  int signal_group(int signal) const { return ::kill(-pid_, signal); }
  const std::string& command_line() const { return command_line_; }

  /// Looks once for new workers; true while taps-host runs.
  bool poll() {
    if (ending_) return false;
    for (const auto& child : children_of(pid_)) {
      // Workers run `taps-host ... worker ...`; other children (a
      // sanitizer's leak-check tracer, a worker not yet exec'd: clones with
      // their parent's command line) do not count.
      const std::string cmdline = read_text("/proc/" + std::to_string(child.pid) + "/cmdline");
      if (cmdline.find(std::string("\0worker\0", 8)) != std::string::npos && cmdline != raw_command_line_) {
        workers_.insert(child);
      }
    }
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done != pid_) return true;
    Ending e;
    e.seconds = seconds_since(start_);
    e.exited = WIFEXITED(status);
    e.exit_status = e.exited ? WEXITSTATUS(status) : -1;
    e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    ending_ = e;
    return false;
  }

  /// Polls until taps-host ends or `deadline` seconds after its start (then
  /// kills it: a hang fails the test instead of blocking it). `while_running`
  /// runs at every poll.
  const Ending& wait(double deadline, const std::function<void()>& while_running = {}) {
    while (poll()) {
      if (seconds_since(start_) > deadline) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        Ending e;
        e.hung = true;
        e.seconds = seconds_since(start_);
        ending_ = e;
        break;
      }
      if (while_running) while_running();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return *ending_;
  }

  /// Every process taps-host started (as seen while polling).
  const std::set<ProcessId>& workers() const { return workers_; }
  void add_worker(pid_t pid) {
    if (auto id = process_id(pid)) workers_.insert(*id);
  }

  std::string output() const { return read_text(output_); }
  double seconds_running() const { return seconds_since(start_); }

 private:
  static std::vector<std::string> with_host_binary(const std::vector<std::string>& args) {
    std::vector<std::string> argv{TAPS_HOST_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  fs::path output_;
  std::string command_line_;
  std::string raw_command_line_;  // as /proc/PID/cmdline shows it
  pid_t pid_ = -1;
  Clock::time_point start_;
  std::optional<Ending> ending_;
  std::set<ProcessId> workers_;
};

// ---- runs and their records ---------------------------------------------------

/// A scratch directory, removed after a test that passed.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "taps-oop-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (!::testing::Test::HasFailure()) fs::remove_all(path_);
  }
  const fs::path& path() const { return path_; }

  /// The run directory taps-host created under runs/, once it exists.
  fs::path run_dir() const {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path_ / "runs", ec)) {
      if (entry.is_directory()) return entry.path();
    }
    return {};
  }

 private:
  fs::path path_;
};

/// `taps-host --plugin-path <plugins> --plugin-path <crashy> run ARGS`, with
/// its run directory under scratch/runs and its output in scratch/out.txt.
inline std::vector<std::string> run_args(const Scratch& scratch, const std::vector<std::string>& args) {
  std::vector<std::string> all{"--plugin-path", TAPS_PLUGIN_DIR, "--plugin-path", TAPS_CRASHY_PLUGIN_DIR, "run"};
  all.insert(all.end(), args.begin(), args.end());
  for (const char* a : {"--run.dir-format"}) all.emplace_back(a);
  all.push_back((scratch.path() / "runs" / "{timestamp}").string());
  return all;
}

/// Splits "a b c" into arguments (no quoting: test arguments have no spaces).
inline std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// The pid of the process running the crashy app's misbehaving task, which
/// it writes to the run directory just before it misbehaves; 0 until then.
inline pid_t crashy_bad_pid(const Scratch& scratch) {
  const fs::path dir = scratch.run_dir();
  if (dir.empty()) return 0;
  std::ifstream in(dir / "crashy-bad.pid");
  pid_t pid = 0;
  return in >> pid && pid > 0 ? pid : 0;
}

/// The synthetic app's arguments for a run of `structure` with one warm-up
/// task, as run_synthetic_and_check and check_synthetic_run expect.
inline std::string synthetic_args(const std::string& structure, std::size_t task_count, std::size_t data_bytes) {
  return "--app synthetic --app.structure " + structure + " --app.task-count " + std::to_string(task_count) +
         " --app.task-data-bytes " + std::to_string(data_bytes) + " --app.bag-max-running 6 --app.warmup-tasks 1";
}

/// Checks a finished run of synthetic_args(): an exact count of records,
/// every task succeeded and ran, the dependency shape, and synthetic.json
/// (the app itself verifies every data block).
inline void check_synthetic_run(const Scratch& scratch, const std::string& structure, std::size_t task_count,
                                std::size_t data_bytes) {
  const fs::path dir = scratch.run_dir();
  ASSERT_FALSE(dir.empty()) << "no run directory";
  const auto records = read_records(dir / "tasks.jsonl");
  const std::size_t extra = structure == "diamond" ? 2 : structure == "reduce" ? 1 : 0;
  ASSERT_EQ(records.size(), task_count + extra + 1) << "noop tasks plus one warmup";
  std::set<std::string> ids;
  for (const auto& r : records) {
    ids.insert(r.id);
    EXPECT_TRUE(r.success) << r.id << ": " << r.exception_type << ": " << r.exception_message;
    EXPECT_TRUE(r.has_execution) << r.id;
    EXPECT_LE(r.submit_time, r.received_time) << r.id;
    EXPECT_LE(r.task_start_time, r.task_end_time) << r.id;
  }
  EXPECT_EQ(ids.size(), records.size()) << "task ids are unique";
  EXPECT_EQ(only(records, "warmup").size(), 1u);
  const auto noops = only(records, "noop");
  ASSERT_EQ(noops.size(), task_count + extra);
  check_synthetic_shape(structure, noops, task_count);

  rapidjson::Document summary;
  summary.Parse(read_text(dir / "synthetic.json").c_str());
  ASSERT_TRUE(summary.IsObject()) << "synthetic.json";
  EXPECT_EQ(summary["tasks"].GetUint64(), task_count + extra);
  EXPECT_EQ(summary["task_data_bytes"].GetUint64(), data_bytes);
}

/// Checks a finished cholesky run of t × t tiles in `dir`: every task
/// succeeded, each kernel ran as often as the tiled algorithm says, and the
/// app verified its factor.
inline void check_cholesky_tiles(const fs::path& dir, int t) {
  std::map<std::string, int> counts;
  for (const auto& r : read_records(dir / "tasks.jsonl")) {
    EXPECT_TRUE(r.success) << r.id << ": " << r.exception_type << ": " << r.exception_message;
    ++counts[r.function];
  }
  const std::map<std::string, int> expected{
      {"potrf", t}, {"trsm", t * (t - 1) / 2}, {"syrk", t * (t - 1) / 2}, {"gemm", t * (t - 1) * (t - 2) / 6}};
  EXPECT_EQ(counts, expected);
  rapidjson::Document summary;
  summary.Parse(read_text(dir / "cholesky.json").c_str());
  ASSERT_TRUE(summary.IsObject()) << "cholesky.json";
  EXPECT_LE(summary["residual"].GetDouble(), 1e-12);
}

/// Runs the synthetic app with `structure` on `executor_args` and checks the
/// run (check_synthetic_run). `workers` receives the processes taps-host
/// started.
inline void run_synthetic_and_check(const Scratch& scratch, const std::string& structure,
                                    const std::string& executor_args, std::set<ProcessId>* workers = nullptr,
                                    std::size_t task_count = 30,
                                    std::size_t data_bytes = 3001 /* not a multiple of 8 */) {
  HostProcess host(run_args(scratch, words(synthetic_args(structure, task_count, data_bytes) + " " + executor_args)),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(60);
  if (workers != nullptr) *workers = host.workers();
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  check_synthetic_run(scratch, structure, task_count, data_bytes);
}

}  // namespace taps::oop_testing
