// logging.hpp — the run's log: the console and log.txt.
//
// One spdlog logger with two sinks, each with its own level: the console
// (stderr, so stdout stays for results such as the run directory) at
// --logging.level and <run dir>/log.txt at --logging.file-level. Lines read
//
//   [2024-05-01 12:00:00.123] INFO (taps.host) > starting executor 'thread-pool'
//   [2024-05-01 12:00:00.130] WARNING (thread-pool) > ...
//   [2024-05-01 12:00:00.131] RUN (taps.run) > Running app...
//   [2024-05-01 12:00:00.200] APP (synthetic) > ...
//
// RUN and APP are the reference's levels between INFO and WARNING; here
// they are INFO lines of the harness and of the app, named so.
//
// Plugins' lines get their "(plugin) > " from HostServices::log; the host's
// own lines get "(taps.host) > " from log_host().
#pragma once

#include <spdlog/common.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace taps::host {

/// The spdlog level of a canonical level name ("TRACE" ... "CRITICAL").
spdlog::level::level_enum level_from_name(const std::string& name);

/// The run's logger, registered with spdlog so that it is flushed every
/// second (records and log lines reach the disk promptly) and at WARNING.
std::shared_ptr<spdlog::logger> make_run_logger(const std::filesystem::path& log_file,
                                                spdlog::level::level_enum console_level,
                                                spdlog::level::level_enum file_level);

/// The first failed write of the run's log (log.txt or the console), as
/// "Failed writing to file <path>: <cause>"; empty while every line was
/// written. A run whose log lost lines failed.
std::string log_write_failure();

/// A console-only logger (stderr) for processes without a run directory:
/// the generic worker. Same line format as the run's log.
std::shared_ptr<spdlog::logger> make_console_logger(spdlog::level::level_enum level);

/// A line of the host's own, as "(taps.host) > message".
void log_host(spdlog::logger& logger, spdlog::level::level_enum level, const std::string& message);

/// A line of the benchmark harness as the reference prints it: an INFO
/// line named RUN, "[...] RUN (taps.run) > Finished benchmark (...)".
void log_run(spdlog::logger& logger, const std::string& message);

/// INFO lines of these plugins (the apps: the run's, and one it wraps)
/// are named APP, as the reference names its apps' lines.
void set_app_log_sources(const std::vector<std::string>& apps);

}  // namespace taps::host
