#include "bridge_process.hpp"

#include <taps/error.hpp>

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

namespace taps::dask {

namespace fs = std::filesystem;

namespace {

std::string describe(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

fs::path BridgeProcess::installed_script() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&BridgeProcess::installed_script), &info) == 0 || info.dli_fname == nullptr) {
    throw Error("DaskBridgeError", "cannot tell where the dask plugin library lies");
  }
  return fs::path(info.dli_fname).parent_path() / "taps_dask_bridge.py";
}

BridgeProcess::BridgeProcess(const std::string& python, const fs::path& script, std::vector<std::string> args,
                             const fs::path& log_file)
    : log_file_(log_file) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw Error("DaskBridgeError", std::string("socketpair failed: ") + std::strerror(errno));
  }
  const int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    const int error = errno;
    close(fds[0]);
    close(fds[1]);
    throw Error("DaskBridgeError", "cannot create " + log_file.string() + ": " + std::strerror(error));
  }
  constexpr int child_fd = 3;
  std::vector<std::string> argv{python, script.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--fd", std::to_string(child_fd)});
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls until exec: taps-host has threads.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(log, 1);
    dup2(log, 2);
    dup2(fds[1], child_fd);  // clears FD_CLOEXEC on the copy
    execv(c_argv[0], c_argv.data());
    _exit(127);
  }
  const int error = errno;
  close(fds[1]);
  close(log);
  if (pid < 0) {
    close(fds[0]);
    throw Error("DaskBridgeError", std::string("cannot start the Dask bridge: fork failed: ") + std::strerror(error));
  }
  pid_ = pid;
  fd_ = fds[0];
}

BridgeProcess::~BridgeProcess() {
  reap(0);
  if (fd_ >= 0) close(fd_);
}

std::string BridgeProcess::reap(double grace_seconds) {
  std::lock_guard lock(reap_mutex_);
  if (pid_ <= 0) return ending_;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_seconds);
  int status = 0;
  pid_t done = 0;
  while ((done = waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Its local cluster's processes share its group: none may stay behind.
  ::kill(-pid_, SIGKILL);
  if (done == 0) done = waitpid(pid_, &status, 0);
  ending_ = done == pid_ ? describe(status) : "could not be waited for";
  pid_ = -1;
  return ending_;
}

std::string BridgeProcess::log_tail(std::size_t bytes) const {
  std::ifstream in(log_file_, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > bytes) text = "..." + text.substr(text.size() - bytes);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace taps::dask
