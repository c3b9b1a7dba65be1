#include "report/make_report.hpp"

#include "report/figures.hpp"
#include "report/report_files.hpp"
#include "report/run_groups.hpp"
#include "report/run_records.hpp"
#include "report/run_stats.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace taps::host::report {

ReportResult make_report(const std::vector<std::filesystem::path>& run_dirs, const ReportOptions& options) {
  ReportResult result;
  std::vector<RunRecords> runs;
  for (const auto& dir : run_dirs) {
    runs.push_back(read_run(dir));
    const auto& run = runs.back();
    if (run.skipped_lines > 0) {
      result.warnings.push_back(fmt::format("{}: skipped {} line(s) of tasks.jsonl that are not task records{}",
                                            dir.string(), run.skipped_lines,
                                            run.last_line_truncated ? " (the last line is cut short)" : ""));
    }
  }
  std::vector<RunStats> stats;
  for (const auto& run : runs) stats.push_back(compute_stats(run));
  if (runs.size() == 1) {
    std::vector<Figure> figures;
    if (options.figures && !runs.front().tasks.empty()) {
      try {
        figures = draw_figures(runs.front(), stats.front(), options.out_dir);
      } catch (const std::exception& e) {
        result.warnings.push_back(e.what());
        result.figures_failed = true;
      }
    }
    result.markdown = write_run_report(runs.front(), stats.front(), figures, options.out_dir);
  } else {
    const auto groups = group_runs(runs, stats);
    std::vector<Figure> figures;
    if (options.figures) {
      try {
        figures = draw_group_figures(groups, options.out_dir);
      } catch (const std::exception& e) {
        result.warnings.push_back(e.what());
        result.figures_failed = true;
      }
    }
    result.markdown = write_group_report(runs, groups, figures, options.out_dir);
  }
  return result;
}

}  // namespace taps::host::report
