#include "run/logging.hpp"

#include "run/progress.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <chrono>
#include <string_view>
#include <vector>

namespace taps::host {

namespace {

constexpr char level_flag = '*';

std::string_view upper_level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "TRACE";
    case spdlog::level::debug:
      return "DEBUG";
    case spdlog::level::info:
      return "INFO";
    case spdlog::level::warn:
      return "WARNING";
    case spdlog::level::err:
      return "ERROR";
    case spdlog::level::critical:
      return "CRITICAL";
    default:
      return "OFF";
  }
}

constexpr std::string_view run_source = "(taps.run) > ";

std::mutex app_sources_mutex;
std::vector<std::string> app_sources;  // "(cholesky) > ": the run's app, and apps it wraps

// The reference's levels between INFO and WARNING: RUN for the lines of
// the benchmark harness, APP for the app's own. Here both are INFO lines
// (shown and filtered as INFO) named as the reference names them.
std::string_view reference_level_name(const spdlog::details::log_msg& msg) {
  if (msg.level != spdlog::level::info) return {};
  const std::string_view payload(msg.payload.data(), msg.payload.size());
  if (payload.substr(0, run_source.size()) == run_source) return "RUN";
  std::lock_guard lock(app_sources_mutex);
  for (const auto& source : app_sources) {
    if (payload.substr(0, source.size()) == source) return "APP";
  }
  return {};
}

// spdlog spells levels in lower case ("warning"); the reference's logs use
// the Python names in upper case, which this flag prints.
class UpperLevelFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    auto name = reference_level_name(msg);
    if (name.empty()) name = upper_level_name(msg.level);
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<UpperLevelFlag>(); }
};

std::mutex log_failure_mutex;
std::string log_failure;

// spdlog hands a sink's exception (a failed fwrite or fflush, with the file
// and errno in its text) to the logger's error handler; keep the first, say
// it once, and let the run end with it instead of printing a line per loss.
void record_log_failure(const std::string& message) {
  std::lock_guard lock(log_failure_mutex);
  if (!log_failure.empty()) return;
  log_failure = message;
  std::fprintf(stderr, "taps-host: cannot write the run's log: %s\n", message.c_str());
}

std::unique_ptr<spdlog::formatter> line_format(bool color) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<UpperLevelFlag>(level_flag);
  formatter->set_pattern(color ? "[%Y-%m-%d %H:%M:%S.%e] %^%*%$ %v" : "[%Y-%m-%d %H:%M:%S.%e] %* %v");
  return formatter;
}

}  // namespace

spdlog::level::level_enum level_from_name(const std::string& name) {
  for (auto level : {spdlog::level::trace, spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
                     spdlog::level::err, spdlog::level::critical}) {
    if (name == upper_level_name(level)) return level;
  }
  return spdlog::level::info;
}

std::shared_ptr<spdlog::logger> make_run_logger(const std::filesystem::path& log_file,
                                                spdlog::level::level_enum console_level,
                                                spdlog::level::level_enum file_level) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(console_level);
  console->set_formatter(line_format(true));
  auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file.string());
  file->set_level(file_level);
  file->set_formatter(line_format(false));

  std::vector<spdlog::sink_ptr> sinks{console, file};
  add_live_line_sinks(sinks, console_level);
  auto logger = std::make_shared<spdlog::logger>("taps", sinks.begin(), sinks.end());
  logger->set_level(std::min(console_level, file_level));
  // Every line reaches the file at once: a task that crashes the process
  // (SIGSEGV in-process) must not take the lines before it along.
  logger->flush_on(spdlog::level::trace);
  logger->set_error_handler(record_log_failure);
  spdlog::drop("taps");
  spdlog::register_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
  return logger;
}

std::string log_write_failure() {
  std::lock_guard lock(log_failure_mutex);
  return log_failure;
}

std::shared_ptr<spdlog::logger> make_console_logger(spdlog::level::level_enum level) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(level);
  console->set_formatter(line_format(true));
  auto logger = std::make_shared<spdlog::logger>("taps", console);
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  return logger;
}

void log_host(spdlog::logger& logger, spdlog::level::level_enum level, const std::string& message) {
  logger.log(level, "(taps.host) > {}", message);
}

void log_run(spdlog::logger& logger, const std::string& message) {
  logger.log(spdlog::level::info, "{}{}", run_source, message);
}

void set_app_log_sources(const std::vector<std::string>& apps) {
  std::lock_guard lock(app_sources_mutex);
  app_sources.clear();
  for (const auto& app : apps) app_sources.push_back("(" + app + ") > ");
}

}  // namespace taps::host
