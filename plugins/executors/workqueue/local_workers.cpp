#include "local_workers.hpp"

#include <taps/error.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace taps::workqueue {

namespace fs = std::filesystem;

namespace {

constexpr const char* worker_program = "work_queue_worker";

std::optional<fs::path> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// The generic worker compares this variable with its parent's pid; a value
// inherited from whoever started taps-host would make every task refuse to
// run under a work_queue_worker.
std::vector<std::string> worker_environment() {
  const std::string inherited = "TAPS_WORKER_PARENT_PID=";
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, inherited.c_str(), inherited.size()) != 0) env.emplace_back(*e);
  }
  return env;
}

std::string log_tail(const fs::path& log) {
  std::ifstream in(log, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  constexpr std::size_t keep = 600;
  if (text.size() > keep) text = "..." + text.substr(text.size() - keep);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

pid_t spawn(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // The manager's listening socket and its worker connections are not
  // close-on-exec (cctools opens them): a worker holding them would keep the
  // port bound after taps-host ended.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // The host blocks signals for its signal thread; the worker must not
  // inherit that. A process group of its own keeps the terminal's Ctrl-C
  // away from it: the host handles the interrupt and stops its workers.
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGTERM, SIGINT, SIGPIPE, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env = worker_environment();
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) throw Error("WorkerStartError", "cannot start " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

}  // namespace

LocalWorkers::LocalWorkers(const Settings& settings) {
  if (settings.count <= 0) return;
  const auto program = find_on_path(worker_program);
  if (!program) {
    throw Error("ConfigError", std::string("local_workers needs the ") + worker_program +
                                   " program (Debian package coop-computing-tools), and it is not on PATH");
  }
  std::error_code ec;
  fs::create_directories(settings.workdir, ec);
  fs::create_directories(settings.log_dir, ec);
  std::vector<std::string> argv{program->string(),
                                // One task at a time per worker: local_workers is the number of task slots.
                                "--cores", "1",
                                // Quit when the manager disconnects, and when taps-host is gone: no orphans.
                                "--single-shot", "--parent-death",
                                // The manager listens before workers start; a worker that cannot
                                // connect in a minute never will. Idle time is no reason to leave:
                                // the run decides when workers stop.
                                "--connect-timeout", "60", "--idle-timeout", "31536000",
                                "--workdir", settings.workdir.string()};
  if (settings.password) {
    argv.push_back("--password");
    argv.push_back(settings.password->string());
  }
  argv.push_back("localhost");
  argv.push_back(std::to_string(settings.port));
  try {
    for (int i = 1; i <= settings.count; ++i) {
      Worker worker;
      worker.number = i;
      worker.log = settings.log_dir / ("local-worker-" + std::to_string(i) + ".log");
      worker.pid = spawn(argv, worker.log);
      workers_.push_back(worker);
    }
  } catch (...) {
    stop(0);
    throw;
  }
}

LocalWorkers::~LocalWorkers() { stop(5.0); }

std::string LocalWorkers::describe_end(const Worker& worker, int status) const {
  std::string how;
  if (WIFEXITED(status)) {
    how = "exited with status " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    how = "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  } else {
    how = "ended with wait status " + std::to_string(status);
  }
  std::string line = "local worker " + std::to_string(worker.number) + " (pid " + std::to_string(worker.pid) +
                     ") " + how;
  const std::string tail = log_tail(worker.log);
  if (!tail.empty()) line += "; its output (" + worker.log.string() + "): " + tail;
  return line;
}

std::vector<std::string> LocalWorkers::reap_ended() {
  std::vector<std::string> ended;
  for (auto& worker : workers_) {
    if (worker.pid <= 0) continue;
    int status = 0;
    if (waitpid(worker.pid, &status, WNOHANG) == worker.pid) {
      ended.push_back(describe_end(worker, status));
      worker.pid = -1;
    }
  }
  return ended;
}

void LocalWorkers::stop(double grace_seconds) {
  for (const auto& worker : workers_) {
    if (worker.pid > 0) ::kill(worker.pid, SIGTERM);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_seconds);
  for (;;) {
    bool any = false;
    for (auto& worker : workers_) {
      if (worker.pid <= 0) continue;
      int status = 0;
      if (waitpid(worker.pid, &status, WNOHANG) == worker.pid) {
        worker.pid = -1;
      } else {
        any = true;
      }
    }
    if (!any || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& worker : workers_) {
    if (worker.pid <= 0) continue;
    ::kill(worker.pid, SIGKILL);
    int status = 0;
    waitpid(worker.pid, &status, 0);
    worker.pid = -1;
  }
}

std::vector<pid_t> LocalWorkers::running() const {
  std::vector<pid_t> pids;
  for (const auto& worker : workers_) {
    if (worker.pid > 0) pids.push_back(worker.pid);
  }
  return pids;
}

}  // namespace taps::workqueue
