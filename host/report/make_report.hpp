// make_report.hpp — a report of one run or of several, from their
// directories: what `taps-host report` and `taps-host sweep` call.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace taps::host::report {

struct ReportOptions {
  /// Where report.md, report.json and figures/ go.
  std::filesystem::path out_dir;
  /// Draw the figures of a one-run report.
  bool figures = true;
};

struct ReportResult {
  std::string markdown;
  /// Problems that did not stop the report: skipped lines, figures that
  /// could not be drawn. A figure failure makes the command fail.
  std::vector<std::string> warnings;
  bool figures_failed = false;
};

/// Throws ConfigError for input that is not a run directory, or for runs of
/// different apps.
ReportResult make_report(const std::vector<std::filesystem::path>& run_dirs, const ReportOptions& options);

}  // namespace taps::host::report
