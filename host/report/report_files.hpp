// report_files.hpp — report.md (for people) and report.json (for scripts
// and tests) from the statistics of one run or of several.
#pragma once

#include "report/figures.hpp"
#include "report/run_groups.hpp"
#include "report/run_records.hpp"
#include "report/run_stats.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace taps::host::report {

/// Writes `out_dir`/report.md and report.json; returns the Markdown.
std::string write_run_report(const RunRecords& run, const RunStats& stats, const std::vector<Figure>& figures,
                             const std::filesystem::path& out_dir);

std::string write_group_report(const std::vector<RunRecords>& runs, const RunGroups& groups,
                               const std::vector<Figure>& figures, const std::filesystem::path& out_dir);

}  // namespace taps::host::report
