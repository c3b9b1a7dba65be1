#include "xtb.hpp"

#include <taps/error.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace taps::moldesign {

namespace {

namespace fs = std::filesystem;

// A directory of the call's own, removed with everything xtb wrote there.
class PrivateDirectory {
 public:
  PrivateDirectory() {
    std::string pattern = (fs::temp_directory_path() / "taps-xtb-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error("XtbError", "cannot create a temporary directory for xtb: " + std::string(std::strerror(errno)));
    }
    path_ = pattern;
  }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;
  ~PrivateDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The last `count` lines of `text`.
std::string last_lines(const std::string& text, std::size_t count) {
  std::size_t start = text.size();
  while (start > 0 && (text[start - 1] == '\n' || text[start - 1] == ' ')) --start;
  const std::size_t end = start;
  for (std::size_t lines = 0; start > 0; --start) {
    if (text[start - 1] == '\n' && ++lines == count) break;
  }
  return text.substr(start, end - start);
}

// What xtb says went wrong: it prints its [ERROR] block on stdout and a
// backtrace on stderr.
std::string xtb_message(const std::string& out, const std::string& err) {
  std::string message;
  const auto error_block = out.find("[ERROR]");
  if (error_block != std::string::npos) message = last_lines(out.substr(error_block), 12) + "\n";
  const std::string err_tail = last_lines(err, 12);
  if (!err_tail.empty()) message += "stderr: " + err_tail;
  if (message.empty()) message = "stdout: " + last_lines(out, 12);
  return message;
}

// The environment of every xtb call: one thread (the executor's workers are
// the parallelism) and xtb's parameter files.
std::vector<std::string> xtb_environment() {
  std::vector<std::string> env;
  bool has_xtbpath = false;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("OMP_NUM_THREADS=", 0) == 0) continue;
    if (entry.rfind("XTBPATH=", 0) == 0) has_xtbpath = true;
    env.push_back(entry);
  }
  env.push_back("OMP_NUM_THREADS=1");
  if (!has_xtbpath) env.push_back("XTBPATH=/usr/share/xtb");
  return env;
}

struct Output {
  std::string out;
  std::string err;
};

// The xtb program on PATH, found by the client's rules for a bare name, so
// that the forked child only has to execve it.
std::string find_xtb() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / "xtb";
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw Error("ToolMissing", "the xtb program is not on PATH: apt-get install xtb (scripts/install-deps.sh)");
}

// Starts `program ARGS` in `dir` with its output in files there. The child
// dies with the thread that started it (and so with a worker killed by an
// executor's timeout): between fork and execve it makes only
// async-signal-safe calls.
pid_t start_in(const fs::path& dir, const std::string& program, const std::vector<std::string>& args,
               const std::string& out_file, const std::string& err_file) {
  std::vector<std::string> argv_text{program};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text = xtb_environment();
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw Error("XtbError", "cannot start xtb: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || chdir(dir.c_str()) != 0 || dup2(in, STDIN_FILENO) < 0 ||
        dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) {
      _exit(126);
    }
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

// Waits for `pid` at most `timeout` seconds (0: no limit); kills it then.
// Returns its wait status, or nullopt when it had to be killed.
std::optional<int> wait_within(pid_t pid, double timeout) {
  if (timeout > 0) {
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
      pollfd exited{pidfd, POLLIN, 0};
      int ready = 0;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
      do {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        ready = poll(&exited, 1, static_cast<int>(std::max<std::int64_t>(0, left.count())));
      } while (ready < 0 && errno == EINTR);
      close(pidfd);
      if (ready == 0) {
        kill(pid, SIGKILL);
        int ignored = 0;
        while (waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
        }
        return std::nullopt;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error("XtbError", "waiting for xtb: " + std::string(std::strerror(errno)));
  }
  return status;
}

// Runs `xtb ARGS` in `dir`, its stdout and stderr into files there; throws
// unless it exits 0 within `timeout` seconds.
Output run_xtb(const fs::path& dir, const std::vector<std::string>& args, const std::string& what,
               double timeout) {
  const std::string out_file = (dir / "xtb.out").string();
  const std::string err_file = (dir / "xtb.err").string();
  const pid_t pid = start_in(dir, find_xtb(), args, out_file, err_file);
  const std::optional<int> status = wait_within(pid, timeout);
  Output output{read_file(out_file), read_file(err_file)};
  if (!status) {
    throw Error("XtbError", what + ": xtb did not finish within " + std::to_string(timeout) +
                                " s and was killed\n" + xtb_message(output.out, output.err));
  }
  if (WIFSIGNALED(*status)) {
    throw Error("XtbError", what + ": xtb was killed by signal " + std::to_string(WTERMSIG(*status)) + "\n" +
                                xtb_message(output.out, output.err));
  }
  if (WEXITSTATUS(*status) != 0) {
    throw Error("XtbError", what + ": xtb exited with status " + std::to_string(WEXITSTATUS(*status)) + "\n" +
                                xtb_message(output.out, output.err));
  }
  return output;
}

}  // namespace

double vertical_ip(const std::string& xyz, double timeout) {
  const PrivateDirectory dir;
  std::ofstream(dir.path() / "input.xyz") << xyz;
  run_xtb(dir.path(), {"input.xyz", "--opt"}, "geometry optimisation (xtb input.xyz --opt)", timeout);
  if (!fs::exists(dir.path() / "xtbopt.xyz")) {
    throw Error("XtbError", "xtb --opt wrote no optimised geometry (xtbopt.xyz)");
  }
  const Output vip = run_xtb(dir.path(), {"xtbopt.xyz", "--vip"}, "vertical IP (xtb xtbopt.xyz --vip)", timeout);
  static constexpr const char* label = "delta SCC IP (eV):";
  const auto at = vip.out.find(label);
  if (at != std::string::npos) {
    const char* begin = vip.out.c_str() + at + std::strlen(label);
    char* end = nullptr;
    const double ip = std::strtod(begin, &end);
    if (end != begin) return ip;
  }
  throw Error("XtbError", "xtb --vip printed no '" + std::string(label) + "' line\n" + xtb_message(vip.out, vip.err));
}

}  // namespace taps::moldesign
