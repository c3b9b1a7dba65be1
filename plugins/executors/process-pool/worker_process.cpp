#include "worker_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace taps::process_pool {

namespace {

// Tells `taps-host worker` which process started it, so that it dies with
// that process from its first instruction on (PR_SET_PDEATHSIG), also while
// it is still loading plugins, before worker_main can arrange it.
constexpr const char* parent_variable = "TAPS_WORKER_PARENT_PID";

std::vector<std::string> worker_environment() {
  const std::string prefix = std::string(parent_variable) + "=";
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, prefix.c_str(), prefix.size()) != 0) env.emplace_back(*e);
  }
  env.push_back(prefix + std::to_string(getpid()));
  return env;
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

WorkerProcess WorkerProcess::spawn(const std::vector<std::string>& argv, int extra) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error(std::string("socketpair failed: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears FD_CLOEXEC on the copy, so only fd 3 survives the exec.
  posix_spawn_file_actions_adddup2(&actions, fds[1], 3);
  // Copied above the two targets first, so neither dup2 overwrites the
  // other's source (`extra` may itself be 3).
  int high_extra = extra >= 0 ? fcntl(extra, F_DUPFD_CLOEXEC, 10) : -1;
  if (extra >= 0 && high_extra < 0) {
    const int error = errno;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error(std::string("cannot pass a file descriptor to the worker: ") + std::strerror(error));
  }
  if (high_extra >= 0) posix_spawn_file_actions_adddup2(&actions, high_extra, extra_fd);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Workers ignore the terminal's Ctrl-C: the host handles it and its
  // workers then see end-of-file. Unblock everything the host blocked for
  // its signal thread.
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env = worker_environment();
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(fds[1]);
  if (high_extra >= 0) close(high_extra);
  if (rc != 0) {
    close(fds[0]);
    throw std::runtime_error("could not start worker '" + argv[0] + "': " + std::strerror(rc));
  }
  WorkerProcess worker;
  worker.pid_ = pid;
  worker.fd_ = fds[0];
  return worker;
}

WorkerProcess::WorkerProcess(WorkerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), fd_(std::exchange(other.fd_, -1)), ending_(std::move(other.ending_)),
      sent_kill_(other.sent_kill_), killed_from_outside_(other.killed_from_outside_) {}

WorkerProcess& WorkerProcess::operator=(WorkerProcess&& other) noexcept {
  if (this != &other) {
    reap(0);
    pid_ = std::exchange(other.pid_, -1);
    fd_ = std::exchange(other.fd_, -1);
    ending_ = std::move(other.ending_);
    sent_kill_ = other.sent_kill_;
    killed_from_outside_ = other.killed_from_outside_;
  }
  return *this;
}

WorkerProcess::~WorkerProcess() { reap(0); }

void WorkerProcess::close_input() {
  if (fd_ >= 0) shutdown(fd_, SHUT_WR);
}

void WorkerProcess::kill_now() {
  if (pid_ > 0) {
    sent_kill_ = true;
    ::kill(pid_, SIGKILL);
  }
}

std::string WorkerProcess::reap(double grace_seconds) {
  if (pid_ > 0) {
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_seconds);
    pid_t done = 0;
    while ((done = waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (done == 0) {
      sent_kill_ = true;
      ::kill(pid_, SIGKILL);
      done = waitpid(pid_, &status, 0);
    }
    ending_ = done == pid_ ? describe(status) : "could not be waited for";
    killed_from_outside_ = done == pid_ && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && !sent_kill_;
    pid_ = -1;
  }
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  return ending_;
}

}  // namespace taps::process_pool
