#include "commands/task_files.hpp"

#include "config/config_error.hpp"
#include "plugins/plugin_path.hpp"
#include "run/task_manifest.hpp"

#include <fstream>
#include <map>
#include <stdexcept>
#include <system_error>

namespace taps::host {

namespace fs = std::filesystem;

namespace {

// Links in `dir`, one per file, named after the file (a second library of
// the same name from another directory gets a numbered name).
class StagedLinks {
 public:
  explicit StagedLinks(fs::path dir) : dir_(std::move(dir)) {}

  std::string link(const fs::path& target, std::string name) {
    std::error_code ec;
    const fs::path real = fs::canonical(target, ec);
    if (ec) throw std::runtime_error("cannot stage " + target.string() + " for task processes: " + ec.message());
    if (const auto it = by_target_.find(real); it != by_target_.end()) return it->second;
    for (int n = 2; taken_.count(name) != 0; ++n) name = std::to_string(n) + "-" + target.filename().string();
    fs::create_symlink(real, dir_ / name, ec);
    if (ec) throw std::runtime_error("cannot create " + (dir_ / name).string() + ": " + ec.message());
    taken_.emplace(name, real);
    by_target_.emplace(real, name);
    return name;
  }

 private:
  fs::path dir_;
  std::map<std::string, fs::path> taken_;
  std::map<fs::path, std::string> by_target_;
};

std::optional<TaskManifest::Instance> staged_instance(const ResolvedConfig& config, Section section,
                                                      StagedLinks& links) {
  const ResolvedSection* resolved = config.section(section);
  if (resolved == nullptr || resolved->plugin == nullptr) return std::nullopt;
  TaskManifest::Instance instance;
  instance.library = {resolved->plugin->name, links.link(resolved->plugin->file, resolved->plugin->file.filename())};
  // Exactly what PluginConfig hands the client's create().
  for (const auto& option : resolved->options) instance.options.emplace_back(option.key, option.value);
  return instance;
}

}  // namespace

void stage_task_files(const ResolvedConfig& config, const PluginRegistry& registry, const fs::path& config_file,
                      const fs::path& dir) {
  const fs::path program = executable_directory() / "taps-task";
  std::error_code ec;
  if (!fs::is_regular_file(program, ec)) {
    throw ConfigError("the task program " + program.string() + " is missing (it is built and installed beside " +
                      executable_path().filename().string() + ")");
  }
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message());
  StagedLinks links(dir);
  links.link(program, "taps-task");

  TaskManifest manifest;
  manifest.log_level = config.value(Section::logging, "level");
  manifest.config_file = links.link(config_file, "config.toml");
  for (const PluginRecord* app : registry.of_kind(TAPS_KIND_APP)) {
    manifest.apps.push_back({app->name, links.link(app->file, app->file.filename())});
  }
  manifest.transformer = staged_instance(config, Section::transformer, links);
  manifest.filter = staged_instance(config, Section::filter, links);

  std::ofstream out(dir / "task.manifest", std::ios::binary | std::ios::trunc);
  out << manifest.to_text();
  out.close();
  if (!out) throw std::runtime_error("cannot write " + (dir / "task.manifest").string());
}

}  // namespace taps::host
