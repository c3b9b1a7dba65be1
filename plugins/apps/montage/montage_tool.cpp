#include "montage_tool.hpp"

#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

extern char** environ;

namespace taps::montage {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& program, const std::string& message) {
  throw Error("MontageError", program + ": " + message);
}

// Reads `key=value` fields after `[struct `, values optionally quoted.
ToolReport parse_fields(const std::string& text) {
  ToolReport fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    const std::size_t eq = text.find('=', i);
    if (eq == std::string::npos) break;
    const std::string key = text.substr(i, eq - i);
    std::string value;
    i = eq + 1;
    if (i < text.size() && text[i] == '"') {
      const std::size_t close = text.find('"', i + 1);
      value = text.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
      i = close == std::string::npos ? text.size() : close + 1;
    } else {
      const std::size_t comma = text.find(',', i);
      value = text.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
      i = comma == std::string::npos ? text.size() : comma;
    }
    fields[key] = value;
  }
  return fields;
}

}  // namespace

ToolReport parse_report(const std::string& program, const std::string& output) {
  const std::size_t start = output.rfind("[struct ");
  const std::size_t end = start == std::string::npos ? start : output.find(']', start);
  if (start == std::string::npos || end == std::string::npos) {
    fail(program, "printed no [struct stat=...] verdict; output: '" + output + "'");
  }
  ToolReport report = parse_fields(output.substr(start + 8, end - start - 8));
  const auto stat = report.find("stat");
  if (stat == report.end()) fail(program, "verdict without stat: '" + output.substr(start) + "'");
  if (stat->second != "OK") {
    const auto msg = report.find("msg");
    fail(program, msg == report.end() ? "stat=\"" + stat->second + "\"" : msg->second);
  }
  return report;
}

ToolReport run_montage(const std::string& program, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) fail(program, std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    fail(program, std::string("cannot start (is Debian's 'montage' package installed?): ") + std::strerror(spawned));
  }
  std::string output;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    fail(program, "killed by signal " + std::to_string(WTERMSIG(status)) + "; output: '" + output + "'");
  }
  return parse_report(program, output);
}

double report_number(const ToolReport& report, const std::string& program, const std::string& key) {
  const auto it = report.find(key);
  if (it == report.end()) fail(program, "its report has no '" + key + "'");
  char* end = nullptr;
  const double value = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str()) fail(program, "'" + key + "' is not a number: '" + it->second + "'");
  return value;
}

PrivateDir::PrivateDir() {
  std::string pattern = (fs::temp_directory_path() / "taps-montage-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw Error("MontageError", "cannot create a temporary directory: " + std::string(std::strerror(errno)));
  }
  path_ = pattern;
}

PrivateDir::~PrivateDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

}  // namespace taps::montage
