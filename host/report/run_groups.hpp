// run_groups.hpp — several runs of one app, grouped by the configuration
// keys that differ between them; the runs of a group are repeats.
#pragma once

#include "report/run_records.hpp"
#include "report/run_stats.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace taps::host::report {

/// Mean, sample standard deviation and the half-width of the two-sided 95 %
/// Student-t confidence interval of the mean (0 with one value).
struct Summary {
  std::size_t count = 0;
  double mean = 0;
  double std = 0;
  double ci95 = 0;
};
Summary summarize(const std::vector<double>& values);

/// The per-run numbers a group summarizes.
struct RunMetric {
  std::string_view name;
  std::string_view unit;
  double (*of)(const RunStats&);
  /// Whether the report draws a figure of it.
  bool plotted = true;
};
const std::vector<RunMetric>& run_metrics();

struct RunGroup {
  /// The value of each of RunGroups::keys in this group's runs.
  std::vector<std::string> values;
  std::vector<std::size_t> runs;      // indices into the runs given
  std::vector<Summary> metrics;       // one per run_metrics()
};

struct RunGroups {
  /// Config keys whose values differ between the runs, sorted. Left out:
  /// where a run writes (run.dir_format), and options of a plugin only some
  /// runs selected (its name key says which runs those are).
  std::vector<std::string> keys;
  std::vector<RunGroup> groups;  // ordered by their values
};

/// Groups `runs` (with their `stats`, same order). Throws ConfigError when
/// the runs are of different apps.
RunGroups group_runs(const std::vector<RunRecords>& runs, const std::vector<RunStats>& stats);

}  // namespace taps::host::report
