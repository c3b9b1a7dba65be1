// figures.hpp — the figures of a one-run report, drawn by matplotlib.
//
// taps-host writes the numbers to plot into a JSON file and runs the
// installed script share/taps/report_figures.py with Debian's Python
// (/usr/bin/python3: matplotlib is a Debian package, not in every other
// interpreter on PATH).
#pragma once

#include "report/run_groups.hpp"
#include "report/run_records.hpp"
#include "report/run_stats.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace taps::host::report {

/// The figure files, relative to the report's directory, with a caption.
struct Figure {
  std::string file;
  std::string caption;
};

/// Draws timeline.png, in_flight.png and phases.png into `out_dir`/figures.
/// Throws std::runtime_error when the script is missing or fails.
std::vector<Figure> draw_figures(const RunRecords& run, const RunStats& stats, const std::filesystem::path& out_dir);

/// Draws a figure per metric of a several-run report into
/// `out_dir`/figures: the metric's mean with its 95 % confidence interval
/// against one varied key, a series per value of the others.
std::vector<Figure> draw_group_figures(const RunGroups& groups, const std::filesystem::path& out_dir);

/// Where report_figures.py is: $TAPS_SHARE_DIR, else <bin>/../share/taps.
std::filesystem::path figure_script();

}  // namespace taps::host::report
