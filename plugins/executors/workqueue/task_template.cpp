#include "task_template.hpp"

#include <taps/error.hpp>
#include <taps/executor.hpp>

#include <dlfcn.h>

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <system_error>

namespace taps::workqueue {

namespace fs = std::filesystem;

namespace {

// The plugin libraries on the run's plugin path that the host loaded: the
// host's registry loads every usable `*.so` there (and only those), so
// RTLD_NOLOAD finds exactly them. All of them are shipped, not only the
// plugins config.toml names: an app may create another app's tasks (the
// failures app wraps a base app), and the worker's registry must know every
// plugin the config selects (logger included) to accept the config at all.
std::vector<fs::path> loaded_plugin_libraries(const std::string& plugin_path) {
  std::vector<fs::path> libraries;
  for (const auto& dir : plugin_path_directories(plugin_path)) {
    std::vector<fs::path> in_dir;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (it->path().extension() != ".so" || !it->is_regular_file(ec)) continue;
      void* handle = dlopen(it->path().c_str(), RTLD_LAZY | RTLD_NOLOAD);
      if (handle == nullptr) continue;
      const bool is_plugin = dlsym(handle, TAPS_ENTRY_SYMBOL) != nullptr;
      dlclose(handle);
      if (is_plugin) in_dir.push_back(it->path());
    }
    std::sort(in_dir.begin(), in_dir.end());
    libraries.insert(libraries.end(), in_dir.begin(), in_dir.end());
  }
  return libraries;
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

// A symlink in the run's staging directory to the real file (symlinks on
// the way resolved, so the link does not depend on them).
fs::path staged_link(const fs::path& target, const fs::path& staging, const std::string& name) {
  std::error_code ec;
  const fs::path real = fs::canonical(target, ec);
  if (ec) throw Error("ConfigError", "cannot ship " + target.string() + " to Work Queue workers: " + ec.message());
  const fs::path link = staging / name;
  fs::create_symlink(real, link, ec);
  if (ec) throw Error("SystemError", "cannot create " + link.string() + ": " + ec.message());
  return link;
}

}  // namespace

TaskTemplate TaskTemplate::for_run(const taps_run_info& run, const fs::path& staging) {
  TaskTemplate t;
  t.task_file = "task.in";
  t.result_file = "task.out";

  std::error_code ec;
  fs::create_directories(staging, ec);
  if (ec) throw Error("SystemError", "cannot create " + staging.string() + ": " + ec.message());

  const std::string program = fs::path(run.worker_program).filename().string();
  t.files.push_back({staged_link(run.worker_program, staging, program), program});
  std::set<std::string> names{program};
  for (const auto& library : loaded_plugin_libraries(run.plugin_path)) {
    // An earlier directory of the plugin path wins, as in the registry.
    const std::string name = library.filename().string();
    if (!names.insert(name).second) continue;
    t.files.push_back({staged_link(library, staging, name), name});
  }
  // config.toml is the run's own file already: no link needed.
  t.files.push_back({run.config_file, "config.toml"});

  // The empty result file first: a task process that dies before writing
  // its result leaves it empty rather than missing (Work Queue 9.9 leaks a
  // little memory for every missing output file). `exec`: the worker
  // program replaces the shell, so it is the child of the work_queue_worker
  // and dies with it (the generic worker sets PR_SET_PDEATHSIG): a lost
  // worker leaves no task process behind.
  t.command = ": > " + t.result_file + " && exec ./" + program +
              " --plugin-path . worker --config config.toml --task " + t.task_file + " --result " + t.result_file;
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
