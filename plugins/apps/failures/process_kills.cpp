// The failures that end processes: the task's own (worker-killed), its
// manager's (manager-killed), and every worker of the run on the node
// (node-killed). Each checks first that it runs in a worker process and
// never targets taps-host: the client also refuses these types on executors
// that run tasks inside taps-host, and this is the second line of defence.
#include "failure_actions.hpp"

#include <taps/error.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace taps::failures {

namespace {

std::vector<std::string> command_line_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> argv;
  std::string::size_type start = 0;
  while (start < raw.size()) {
    const auto end = raw.find('\0', start);
    argv.push_back(raw.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return argv;
}

// `taps-host ... worker --config <config_file> ...`: the generic worker of
// this run, as every executor that starts workers on this node starts it.
bool is_worker_of_run(const std::vector<std::string>& argv, const std::string& config_file) {
  const bool worker = std::find(argv.begin(), argv.end(), "worker") != argv.end();
  for (std::size_t i = 0; worker && i + 1 < argv.size(); ++i) {
    if (argv[i] == "--config" && argv[i + 1] == config_file) return true;
  }
  return false;
}

bool owned_by_this_user(pid_t pid) {
  struct stat info {};
  return stat(("/proc/" + std::to_string(pid)).c_str(), &info) == 0 && info.st_uid == getuid();
}

void refuse_inside_client(const Injection& injection) {
  if (getpid() == injection.client_pid) {
    throw Error(injection_error, in_place_of(injection) + "the task runs inside taps-host (pid " +
                                     std::to_string(injection.client_pid) + "), which it must not kill");
  }
}

[[noreturn]] void kill_own_process() {
  ::kill(getpid(), SIGKILL);
  for (;;) pause();  // SIGKILL cannot be caught; this only waits for it
}

}  // namespace

void kill_worker(const Injection& injection, const Host& log) {
  refuse_inside_client(injection);
  log.warning("worker-killed: process " + std::to_string(getpid()) + " kills itself (SIGKILL), " +
              replacing(injection));
  kill_own_process();
}

void kill_manager(const Injection& injection, const Host& log) {
  refuse_inside_client(injection);
  const pid_t manager = getppid();
  if (manager <= 1 || manager == static_cast<pid_t>(injection.client_pid)) {
    throw Error(injection_error, in_place_of(injection) + "the task's process has no manager: its parent is " +
                                     (manager <= 1 ? std::string("init") : "taps-host (pid " +
                                                                               std::to_string(manager) + ")"));
  }
  log.warning("manager-killed: process " + std::to_string(getpid()) + " kills its manager " +
              std::to_string(manager) + " and then itself (SIGKILL), " + replacing(injection));
  if (::kill(manager, SIGKILL) != 0) {
    throw Error(injection_error, in_place_of(injection) + "cannot kill the manager " + std::to_string(manager) +
                                     ": " + std::strerror(errno));
  }
  kill_own_process();
}

void kill_node(const Injection& injection, const Host& log, const std::string& run_config_file) {
  refuse_inside_client(injection);
  if (run_config_file.empty()) {
    throw Error(injection_error, in_place_of(injection) + "the worker does not know its run's config file "
                                                          "(taps.run/1), so it cannot tell this run's workers apart");
  }
  const pid_t self = getpid();
  if (!is_worker_of_run(command_line_of(self), run_config_file)) {
    throw Error(injection_error, in_place_of(injection) + "the task does not run in a worker of this run "
                                                          "(taps-host worker --config " + run_config_file + ")");
  }
  std::vector<pid_t> workers;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    const auto pid = static_cast<pid_t>(std::atol(name.c_str()));
    if (pid == self || pid == static_cast<pid_t>(injection.client_pid)) continue;
    if (owned_by_this_user(pid) && is_worker_of_run(command_line_of(pid), run_config_file)) workers.push_back(pid);
  }
  std::string killed;
  for (pid_t pid : workers) {
    if (::kill(pid, SIGKILL) == 0) killed += (killed.empty() ? "" : ", ") + std::to_string(pid);
  }
  log.warning("node-killed: process " + std::to_string(self) + " killed the run's other workers on this node [" +
              killed + "] and now kills itself (SIGKILL), " + replacing(injection));
  kill_own_process();
}

}  // namespace taps::failures
