// `taps-host clean RUN_DIR...`: removes what a run's transformer stored
// when the run could not remove it itself (SIGKILL, a crash, a reboot of
// the client's machine): Redis keys, shm segments, payload files.
//
// It creates the run's transformer as the run's client did (the same
// config.toml, the same run directory, hence the same run id), as the owner
// of the run's objects, and destroys it at once: the transformer's own
// shutdown removes every object of the run, as at the end of a normal run.
// A run whose taps-host still lives is refused (run/run_lock.hpp).
#include "commands/command.hpp"
#include "commands/command_options.hpp"
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/resolved_config.hpp"
#include "engine/engine.hpp"
#include "plugins/plugin_path.hpp"
#include "plugins/registry.hpp"
#include "run/logging.hpp"
#include "run/plugin_start.hpp"
#include "run/run_info.hpp"
#include "run/run_lock.hpp"
#include "services/host_services.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace taps::host {

namespace {

namespace fs = std::filesystem;

/// The run id environment.json recorded; empty for runs older than the record.
std::string recorded_run_id(const fs::path& dir) {
  std::ifstream in(dir / "environment.json");
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document environment;
  environment.Parse(text.str().c_str());
  if (environment.HasParseError() || !environment.IsObject() || !environment.HasMember("run_id") ||
      !environment["run_id"].IsString()) {
    return {};
  }
  return environment["run_id"].GetString();
}

void clean_run(const fs::path& given, const PluginRegistry& registry, const std::shared_ptr<spdlog::logger>& logger) {
  const fs::path dir = fs::absolute(given).lexically_normal();
  const fs::path config_file = dir / "config.toml";
  if (!fs::is_regular_file(config_file)) {
    throw std::runtime_error(fmt::format("{} is not a run directory: it has no config.toml", dir.string()));
  }
  if (RunLock::held(dir)) {
    throw std::runtime_error(fmt::format("the run in {} is still going (its taps-host holds the run directory's lock); it removes "
                                         "what it stored when it ends",
                                         dir.string()));
  }
  const std::string id = run_id_of(dir);
  if (const std::string recorded = recorded_run_id(dir); !recorded.empty() && recorded != id) {
    throw std::runtime_error(fmt::format("the run in {} has run id {} but this path gives {}: the run directory was "
                                         "moved or is reached through another path; clean it at the path it ran in",
                                         dir.string(), recorded, id));
  }
  const ResolvedConfig config = resolve_config({read_config_file(config_file)}, registry);
  const ResolvedSection* transformer = config.section(Section::transformer);
  if (transformer == nullptr || transformer->plugin == nullptr) {
    log_host(*logger, spdlog::level::info, fmt::format("{}: the run used no transformer; nothing to remove", dir.string()));
    return;
  }
  HostServices services(logger);
  const RunInfo run_info(dir, config_file, registry.search_path());
  run_info.provide_to(services);
  // An engine makes this process the run's client, which owns (and at its
  // end removes) every object of the run, the workers' included.
  const Engine engine(services, {});
  start_plugin(*transformer, services).reset();
  log_host(*logger, spdlog::level::info,
           fmt::format("{}: removed what run {} stored with {}", dir.string(), id, transformer->plugin->label()));
}

}  // namespace

int clean_command(const CommandContext& context) {
  const auto options = parse_command_options(context.args, -1);
  if (options.help) {
    fmt::print(
        "Usage: taps-host [--plugin-path DIR]... clean RUN_DIR...\n\n"
        "Removes what the transformer of each run stored and the run could not remove itself\n"
        "(it was killed, crashed, or its machine went down): Redis keys, shared-memory segments,\n"
        "payload files. The run's config.toml says which transformer and where; its run id\n"
        "(environment.json, log.txt) names the objects. A run still going is refused.\n");
    return exit_success;
  }
  if (options.positionals.empty()) throw ConfigError("clean: which run? usage: taps-host clean RUN_DIR...");
  const PluginRegistry registry(plugin_search_path(plugin_dirs(context, options)));
  // Debug: the transformers say there how much they removed.
  auto logger = make_console_logger(spdlog::level::debug);
  int status = exit_success;
  for (const auto& dir : options.positionals) {
    try {
      clean_run(dir, registry, logger);
    } catch (const std::exception& e) {
      log_host(*logger, spdlog::level::err, fmt::format("cannot clean {}: {}", dir, e.what()));
      status = exit_run_failed;
    }
  }
  return status;
}

}  // namespace taps::host
