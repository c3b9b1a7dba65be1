#include "test_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#ifndef TAPS_HOST_BINARY
#error "TAPS_HOST_BINARY must name the built taps-host"
#endif
#ifndef TAPS_ISOLATED_HOST
#error "TAPS_ISOLATED_HOST must name the copy of taps-host the tests run"
#endif
#ifndef TAPS_TEST_PLUGIN_DIR
#error "TAPS_TEST_PLUGIN_DIR must name the fixture plugin directory"
#endif

namespace taps::host::test {

namespace {

std::filesystem::path make_temp_dir(const char* prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

void read_all(int fd, std::string& into) {
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      into.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fd);
}

}  // namespace

std::filesystem::path fixture_dir(const std::string& name) {
  return std::filesystem::path(TAPS_TEST_PLUGIN_DIR) / name;
}

std::filesystem::path built_host() { return TAPS_HOST_BINARY; }

std::filesystem::path isolated_host() { return TAPS_ISOLATED_HOST; }

ScratchDir::ScratchDir() : path_(make_temp_dir("taps-host-test-")) {}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::optional<std::filesystem::path> ProcessResult::run_dir() const {
  const std::string marker = "Run directory: ";
  auto at = out.rfind(marker);
  if (at == std::string::npos) return std::nullopt;
  auto end = out.find('\n', at);
  return std::filesystem::path(
      out.substr(at + marker.size(), end == std::string::npos ? end : end - at - marker.size()));
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                           const std::map<std::string, std::string>& env) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    unsetenv("TAPS_PLUGIN_PATH");
    for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
    // The test runner may block signals; the child must start like a shell's.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  out_reader_ = std::thread(read_all, out_fd_, std::ref(out_));
  err_reader_ = std::thread(read_all, err_fd_, std::ref(err_));
}

ChildProcess::~ChildProcess() {
  if (!waited_) {
    kill(pid_, SIGKILL);
    wait();
  }
}

ProcessResult ChildProcess::wait() {
  ProcessResult result;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  waited_ = true;
  out_reader_.join();
  err_reader_.join();
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out_;
  result.err = err_;
  return result;
}

ProcessResult run_host(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                       const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{isolated_host().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return ChildProcess(argv, cwd, env).wait();
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

}  // namespace taps::host::test
