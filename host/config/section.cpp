#include "config/section.hpp"

#include <taps/config.hpp>

namespace taps::host {

namespace {

constexpr const char* log_levels = "TRACE|DEBUG|INFO|WARNING|ERROR|CRITICAL";

constexpr taps_option_desc logging_options[] = {
    taps::option::choice("level", log_levels, "Level of the log lines shown on the console.").defaults("INFO"),
    // No default: unset, the file follows `level`, as in the reference.
    taps::option::choice("file_level", log_levels,
                         "Level of the log lines written to the log file; unset: the same as level."),
    taps::option::string("file_name",
                         "The log file: a relative path is inside the run directory, as the reference has it.")
        .defaults("log.txt"),
    taps::option::real("stall_warning",
                       "When tasks are in flight and none has finished for this long, log a WARNING naming the "
                       "oldest of them (again as often while it lasts); 0: never.")
        .defaults("60")
        .min(0)
        .unit("s"),
};

constexpr taps_option_desc run_options[] = {
    taps::option::string(
        "dir_format",
        "Run directory, relative to the working directory. {name} (or {app}) is the app, {executor} the "
        "executor, {timestamp} the start time (YYYY-MM-DD-HH-MM-SS); a directory that "
        "exists already gets a -1, -2, ... suffix.")
        .defaults("runs/{name}_{executor}_{timestamp}"),
    taps::option::table("env_vars",
                        "Environment variables set for the run, inherited by every worker process. The default "
                        "keeps numerical libraries to one thread per task, as the reference does.")
        .defaults(R"({"OMP_NUM_THREADS":"1"})"),
};

const std::array<SectionInfo, 7> sections{{
    {Section::app, "app", TAPS_KIND_APP, nullptr, false},
    {Section::executor, "engine.executor", TAPS_KIND_EXECUTOR, "thread-pool", false},
    {Section::transformer, "engine.transformer", TAPS_KIND_TRANSFORMER, nullptr, true},
    {Section::filter, "engine.filter", TAPS_KIND_FILTER, nullptr, true},
    {Section::logger, "engine.logger", TAPS_KIND_LOGGER, "jsonl", true},
    {Section::logging, "logging", 0, nullptr, false},
    {Section::run, "run", 0, nullptr, false},
}};

}  // namespace

const std::array<SectionInfo, 7>& all_sections() { return sections; }

// `sections` is listed in the enum's order.
const SectionInfo& section_info(Section section) { return sections[static_cast<std::size_t>(section)]; }

std::optional<Section> section_for_table(std::string_view table) {
  for (const auto& info : sections) {
    if (info.table == table) return info.id;
  }
  return std::nullopt;
}

std::span<const taps_option_desc> host_options(Section section) {
  if (section == Section::logging) return logging_options;
  if (section == Section::run) return run_options;
  return {};
}

}  // namespace taps::host
