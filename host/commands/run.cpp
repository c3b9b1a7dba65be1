// `taps-host run`: configure, create the run directory, load the plugins and
// run the app.
//
// Everything that can be wrong with the configuration is checked before the
// run directory exists, so a usage error (exit 2) leaves nothing behind.
// From then on every failure is a failed run (exit 1) with its reason in
// log.txt and on stderr.
#include "commands/command.hpp"
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/config_toml.hpp"
#include "config/resolved_config.hpp"
#include "config/schema_options.hpp"
#include "engine/engine.hpp"
#include "plugins/plugin_instance.hpp"
#include "plugins/plugin_path.hpp"
#include "plugins/registry.hpp"
#include "run/app_loader.hpp"
#include "run/env_vars.hpp"
#include "run/environment.hpp"
#include "run/logger_start.hpp"
#include "run/logging.hpp"
#include "run/progress.hpp"
#include "run/plugin_start.hpp"
#include "run/run_directory.hpp"
#include "run/run_info.hpp"
#include "run/run_lock.hpp"
#include "run/signals.hpp"
#include "services/host_services.hpp"

#include <taps/taps.h>
#include <taps/error.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace taps::host {

namespace {

/// A failure of the run itself (exit 1): a plugin that cannot start, an
/// app that reports an error.
class RunFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PreparedRun {
  std::unique_ptr<PluginRegistry> registry;
  ResolvedConfig config;
  std::filesystem::path wanted_dir;
  double start_time = 0.0;
};

// Everything up to (not including) the run directory; throws ConfigError.
// Returns nullopt when only help was asked for (and printed).
std::optional<PreparedRun> prepare(const CommandContext& context) {
  const auto selection = parse_run_selection(context.args);
  std::vector<ConfigLayer> layers;
  for (const auto& file : selection.config_files) layers.push_back(read_config_file(file));
  // A replayed config.toml names the directories its plugins came from.
  auto dirs = context.plugin_paths;
  dirs.insert(dirs.end(), selection.plugin_paths.begin(), selection.plugin_paths.end());
  const auto recorded = recorded_plugin_dirs(layers);
  dirs.insert(dirs.end(), recorded.begin(), recorded.end());
  PreparedRun run;
  run.registry = std::make_unique<PluginRegistry>(plugin_search_path(dirs));
  const auto& registry = *run.registry;

  auto with_names = layers;
  with_names.push_back(selection.names);

  if (selection.help) {
    fmt::print("{}", run_help(select_plugins(with_names, registry, SelectionPurpose::help)));
    return std::nullopt;
  }
  // The command line's options depend on the plugins the files and the
  // command line select together.
  layers.push_back(parse_run_command_line(context.args, select_plugins(with_names, registry)));

  run.config = resolve_config(layers, registry);
  run.start_time = HostServices::now();
  run.wanted_dir =
      expand_dir_format(run.config.value(Section::run, "dir_format"), run.config.plugin(Section::app)->name,
                        run.config.plugin(Section::executor)->name, static_cast<std::time_t>(run.start_time));
  // Validated here, before the run directory exists; applied before any
  // plugin starts a thread or a worker process.
  apply_env_vars(parse_env_vars(run.config.value(Section::run, "env_vars")));
  return run;
}

// With the cause: a full disk must say so, not only that a write failed.
void write_file(const std::filesystem::path& file, const std::string& text) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(file.c_str(), "w"), &std::fclose);
  const bool written = out && std::fwrite(text.data(), 1, text.size(), out.get()) == text.size() &&
                       std::fflush(out.get()) == 0;
  if (!written) throw RunFailure(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
  if (std::fclose(out.release()) != 0) {
    throw RunFailure(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
  }
}

std::string plural(std::uint64_t count, const char* word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

class Run {
 public:
  Run(const ResolvedConfig& config, const PluginRegistry& registry, std::filesystem::path dir,
      std::shared_ptr<spdlog::logger> logger)
      : config_(config),
        registry_(registry),
        dir_(std::move(dir)),
        dir_text_(dir_.string()),
        run_info_(dir_, dir_ / "config.toml", registry.search_path()),
        logger_(std::move(logger)) {}

  /// Runs the app to completion; throws RunFailure when it fails.
  void execute() {
    HostServices services(logger_);
    // Before any plugin exists: loggers find the run directory through it.
    run_info_.provide_to(services);
    // Apps that wrap another app (failures) create it through the loader.
    AppLoader app_loader(registry_, services);
    app_loader.provide_to(services);

    Engine engine(services, [this](const std::string& plugin, const std::string& function) {
      return registry_.find_function(plugin, function);
    });

    engine.warn_on_stall(std::stod(config_.value(Section::logging, "stall_warning")));
    EngineParts parts;
    parts.executor = start(Section::executor, services);
    parts.transformer = start(Section::transformer, services);
    parts.filter = start(Section::filter, services);
    parts.loggers = start_loggers(config_, services);
    engine.start(std::move(parts));
    const ProgressDisplay progress([&engine] { return engine.stats(); }, logger_,
                                   level_from_name(config_.value(Section::logging, "level")));
    // From here on records exist; on SIGINT/SIGTERM every one written so far
    // must reach the disk before the process ends, and what the transformer
    // stored (Redis keys, shm segments, payload files) must go as at a
    // normal end: no destructor runs on that path. Registered after the
    // interruption notice of run_command(), so it runs after it.
    OnTermination clean_up_on_signal([&engine](int) {
      engine.flush_records();
      engine.release_transformer();
    });

    // Any app's INFO lines are APP lines: the failures app's base app too.
    std::vector<std::string> apps;
    for (const auto* plugin : registry_.of_kind(TAPS_KIND_APP)) apps.push_back(plugin->name);
    set_app_log_sources(apps);
    PluginInstance app = start(Section::app, services);
    const auto* methods = app.methods<taps_app_methods>();
    info(fmt::format("running {} (executor '{}')", config_.plugin(Section::app)->label(),
                     config_.plugin(Section::executor)->name));
    log_run(*logger_, "Running app...");
    taps::detail::ErrorCapture error;
    const auto sink = error.sink();
    const double started = HostServices::now();
    const taps_status status = methods->run(app.self(), engine.handle(), Engine::api(), dir_text_.c_str(), &sink);
    const double wall = HostServices::now() - started;

    // A failed app may leave tasks queued: no point in running them.
    engine.shutdown(status != TAPS_OK);
    app.reset();
    const auto stats = engine.stats();
    info(fmt::format("{} {} after {:.3f} s: {} submitted, {} succeeded, {} failed",
                     config_.plugin(Section::app)->label(), status == TAPS_OK ? "finished" : "failed", wall,
                     plural(stats.submitted, "task"), stats.succeeded, stats.failed));
    if (status != TAPS_OK) {
      const std::string reason = error.set ? (error.type.empty() ? error.message : error.type + ": " + error.message)
                                           : fmt::format("run() returned status {}", status);
      throw RunFailure(fmt::format("{} failed: {}", config_.plugin(Section::app)->label(), reason));
    }
    if (!stats.record_failure.empty()) throw RunFailure(stats.record_failure + "; task records were lost");
    log_run(*logger_, fmt::format("Finished app (elapsed={:.3f}s)", wall));
    log_run(*logger_, "Results saved to " + dir_text_);
    log_run(*logger_, fmt::format("Finished benchmark (app={}, elapsed={:.3f}s, tasks={})",
                                  config_.plugin(Section::app)->name, HostServices::now() - created_,
                                  stats.succeeded + stats.failed));
  }

 private:
  PluginInstance start(Section section, const HostServices& services) {
    const auto* resolved = config_.section(section);
    if (resolved == nullptr || resolved->plugin == nullptr) return {};
    debug(fmt::format("creating {} {} from {}", resolved->plugin->label(), resolved->plugin->version,
                      resolved->plugin->file.string()));
    return start_plugin(config_, section, services);
  }

  void info(const std::string& message) { log_host(*logger_, spdlog::level::info, message); }
  void debug(const std::string& message) { log_host(*logger_, spdlog::level::debug, message); }

  const ResolvedConfig& config_;
  const PluginRegistry& registry_;
  std::filesystem::path dir_;
  std::string dir_text_;
  RunInfo run_info_;
  std::shared_ptr<spdlog::logger> logger_;
  const double created_ = HostServices::now();
};

// The configuration as the RUN line prints it: config.toml without comments.
std::string configuration_text(const ResolvedConfig& config) {
  std::string out;
  std::istringstream lines(config_to_toml(config));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != '#') out += "\n" + line;
  }
  return out;
}

void log_setup(spdlog::logger& logger, const ResolvedConfig& config, const PluginRegistry& registry,
               const std::filesystem::path& dir, const std::vector<std::string>& command_line) {
  std::string arguments;
  for (std::size_t i = 1; i < command_line.size(); ++i) arguments += (i > 1 ? " " : "") + command_line[i];
  log_host(logger, spdlog::level::info, "run directory: " + dir.string());
  log_run(logger, "CLI Arguments: " + arguments);
  log_run(logger, "Runtime directory: " + dir.string());
  log_run(logger, "Configuration:" + configuration_text(config));
  log_host(logger, spdlog::level::info,
           fmt::format("run id: {0} (names what the transformer stores: Redis keys <key_prefix>{0}:*, shm "
                       "segments /dev/shm/taps-{0}-*, payload directory taps-{0}; after a crash `taps-host clean "
                       "RUN_DIR` removes them)",
                       run_id_of(dir)));
  for (const auto& section : config.sections) {
    if (section.plugin == nullptr) continue;
    log_host(logger, spdlog::level::info,
             fmt::format("{} {} (ABI {}.{}) from {}", section.plugin->label(), section.plugin->version,
                         section.plugin->abi_major, section.plugin->abi_minor, section.plugin->file.string()));
    for (const auto& option : section.options) {
      log_host(logger, spdlog::level::debug,
               fmt::format("  {}.{} = {} ({})", section_info(section.section).table, option.key, option.value,
                           option.origin));
    }
  }
  for (const auto& note : config.notes) log_host(logger, spdlog::level::info, note);
  for (const auto& warning : config.warnings) log_host(logger, spdlog::level::warn, warning);
  for (const auto& problem : registry.problems()) {
    log_host(logger, spdlog::level::warn, "plugin path: " + problem.to_string());
  }
}

}  // namespace

int run_command(const CommandContext& context) {
  // The registry outlives everything below: plugin instances, the engine
  // and the logger all use the plugins' code and strings.
  auto prepared = prepare(context);
  if (!prepared) return exit_success;
  const ResolvedConfig& config = prepared->config;
  const PluginRegistry& registry = *prepared->registry;

  std::filesystem::path dir;
  try {
    dir = create_run_directory(prepared->wanted_dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "taps-host: run failed: %s\n", e.what());
    return exit_run_failed;
  }

  const auto console_level = level_from_name(config.value(Section::logging, "level"));
  // An unset file level follows the console's, as in the reference.
  const auto file_level = config.value(Section::logging, "file_level");
  auto logger = make_run_logger(dir / config.value(Section::logging, "file_name"), console_level,
                                file_level.empty() ? console_level : level_from_name(file_level));
  // For as long as this process lives: `taps-host clean` leaves a live run alone.
  const RunLock alive(dir);
  // On the signal thread. The WARNING line reaches log.txt at once (the
  // logger flushes at WARNING); the engine's hook then flushes the records.
  OnTermination announce_interruption([&](int signal) {
    log_host(*logger, spdlog::level::warn,
             fmt::format("interrupted by {}: flushing task records and exiting", signal_name(signal)));
    std::fprintf(stdout, "Run directory: %s\n", dir.c_str());
    std::fflush(stdout);
  });
  int status = exit_success;
  try {
    write_file(dir / "config.toml", config_to_toml(config));
    write_file(dir / "environment.json",
               environment_json(machine_info(), config, context.command_line, prepared->start_time, dir));
    log_setup(*logger, config, registry, dir, context.command_line);
    log_run(*logger, "Starting benchmark...");
    Run(config, registry, dir, logger).execute();
  } catch (const std::exception& e) {
    // RunFailure, and anything the engine throws: the run failed either way.
    log_host(*logger, spdlog::level::err, std::string("run failed: ") + e.what());
    // The console may be set quieter than ERROR; the reason still belongs on stderr.
    if (console_level > spdlog::level::err) std::fprintf(stderr, "taps-host: run failed: %s\n", e.what());
    status = exit_run_failed;
  }
  logger->flush();
  // Lines of log.txt were lost (the handler said so on stderr when it happened).
  if (!log_write_failure().empty()) status = exit_run_failed;
  std::fprintf(stdout, "Run directory: %s\n", dir.c_str());
  std::fflush(stdout);
  return status;
}

}  // namespace taps::host
