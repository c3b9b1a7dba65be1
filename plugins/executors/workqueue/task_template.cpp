#include "task_template.hpp"

#include <taps/error.hpp>
#include <taps/executor.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>

extern char** environ;

namespace taps::workqueue {

namespace fs = std::filesystem;

namespace {

// `WORKER_PROGRAM worker --config CONFIG --stage-task-files DIR`: the
// client's host resolves the run's config once more and puts into DIR the
// lean task program, the plugin libraries a task may load, config.toml and
// the manifest naming them (taps-host's run/task_manifest.hpp). Its output
// goes to a file, quoted when it fails.
void stage_task_files(const taps_run_info& run, const fs::path& dir) {
  std::vector<std::string> argv{run.worker_program};
  for (const auto& directory : plugin_path_directories(run.plugin_path != nullptr ? run.plugin_path : "")) {
    argv.insert(argv.end(), {"--plugin-path", directory});
  }
  argv.insert(argv.end(), {"worker", "--config", run.config_file, "--stage-task-files", dir.string()});
  const fs::path output = dir.parent_path() / "stage-task-files.log";

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  // Without TAPS_WORKER_PARENT_PID: an inherited one names another parent.
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).rfind("TAPS_WORKER_PARENT_PID=", 0) != 0) env.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw Error("ConfigError", "cannot start " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::ifstream in(output);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::error_code ec;
  fs::remove(output, ec);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    throw Error("ConfigError", "cannot gather the files of Work Queue tasks (" + argv[0] +
                                   " worker --stage-task-files): " + text);
  }
}

std::string toml_value_text(const toml::node& value) {
  if (const auto* text = value.as_string()) return text->get();
  if (const auto* integer = value.as_integer()) return std::to_string(integer->get());
  if (const auto* boolean = value.as_boolean()) return boolean->get() ? "true" : "false";
  if (const auto* number = value.as_floating_point()) {
    std::ostringstream out;
    out.precision(17);
    out << number->get();
    return out.str();
  }
  throw Error("ConfigError", "[run] env_vars holds a value that is not text, a number or a boolean");
}

std::vector<std::pair<std::string, std::string>> run_environment(const fs::path& config_file) {
  toml::table config;
  try {
    config = toml::parse_file(config_file.string());
  } catch (const toml::parse_error& e) {
    throw Error("ConfigError", "cannot read " + config_file.string() + ": " + std::string(e.description()));
  }
  std::vector<std::pair<std::string, std::string>> environment;
  if (const auto* vars = config["run"]["env_vars"].as_table()) {
    for (const auto& [key, value] : *vars) environment.emplace_back(std::string(key.str()), toml_value_text(value));
  }
  return environment;
}

}  // namespace

TaskTemplate TaskTemplate::for_run(const taps_run_info& run, const fs::path& staging) {
  TaskTemplate t;
  t.task_file = "task.in";
  t.result_file = "task.out";

  std::error_code ec;
  fs::create_directories(staging, ec);
  if (ec) throw Error("SystemError", "cannot create " + staging.string() + ": " + ec.message());

  stage_task_files(run, staging);
  // Every staged file, sorted so that the tasks list them alike.
  for (const auto& entry : fs::directory_iterator(staging)) {
    t.files.push_back({entry.path(), entry.path().filename().string()});
  }
  std::sort(t.files.begin(), t.files.end(), [](const auto& a, const auto& b) { return a.remote < b.remote; });

  // The empty result file first: a task process that dies before writing
  // its result leaves it empty rather than missing (Work Queue 9.9 leaks a
  // little memory for every missing output file). `exec`: the task program
  // replaces the shell, so it is the child of the work_queue_worker and dies
  // with it (it sets PR_SET_PDEATHSIG): a lost worker leaves no task
  // process behind.
  t.command = ": > " + t.result_file + " && exec ./taps-task task.manifest " + t.task_file + " " + t.result_file;
  t.environment = run_environment(run.config_file);
  return t;
}

std::uintmax_t TaskTemplate::shipped_bytes() const {
  std::uintmax_t total = 0;
  for (const auto& file : files) {
    std::error_code ec;
    const auto size = fs::file_size(file.local, ec);
    if (!ec) total += size;
  }
  return total;
}

}  // namespace taps::workqueue
