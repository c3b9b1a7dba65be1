#include "external_tool.hpp"

#include <taps/error.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace taps::docking {

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

fs::path locate(const Tool& tool) {
  const char* path = std::getenv("PATH");
  std::string directories = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= directories.size()) {
    const std::size_t end = std::min(directories.find(':', start), directories.size());
    const fs::path candidate = fs::path(directories.substr(start, end - start)) / tool.program;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  throw Error("ToolNotFound", std::string("'") + tool.program + "' is not on PATH: install the Debian package " +
                                  tool.debian_package + " (scripts/install-deps.sh does)");
}

std::string tail_of(const std::string& text, std::size_t lines) {
  std::size_t end = text.find_last_not_of(" \n\r\t");
  if (end == std::string::npos) return "";
  ++end;
  std::size_t start = end;
  for (std::size_t n = 0; n < lines && start > 0; ++n) {
    const std::size_t newline = text.rfind('\n', start - 1);
    start = newline == std::string::npos ? 0 : newline;
  }
  if (end - start > 2000) start = end - 2000;
  start = text.find_first_not_of(" \n\r\t", start);
  return text.substr(start, end - start);
}

ToolOutput run_tool(const Tool& tool, const std::vector<std::string>& args, const fs::path& directory) {
  const fs::path program = locate(tool);
  const fs::path out_path = directory / ".stdout";
  const fs::path err_path = directory / ".stderr";
  // Everything the child touches is prepared before fork(): between fork
  // and exec a multithreaded process may only make async-signal-safe calls.
  std::vector<std::string> argv_text{program.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) throw Error("ToolError", std::string("cannot start ") + tool.program + ": " + std::strerror(errno));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || ::chdir(directory.c_str()) != 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error("ToolError", std::string("waiting for ") + tool.program + ": " + std::strerror(errno));
  }
  ToolOutput output{read_file(out_path), read_file(err_path)};
  std::error_code ignored;
  fs::remove(out_path, ignored);
  fs::remove(err_path, ignored);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return output;
  const std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                            : std::string("was killed by signal ") + ::strsignal(WTERMSIG(status));
  const std::string tail = tail_of(output.err.empty() ? output.out : output.err);
  throw Error("ToolError", std::string(tool.program) + " " + how + (tail.empty() ? " and printed nothing" : ": " + tail));
}

}  // namespace taps::docking
