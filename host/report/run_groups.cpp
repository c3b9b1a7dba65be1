#include "report/run_groups.hpp"

#include "config/config_error.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace taps::host::report {

Summary summarize(const std::vector<double>& values) {
  Summary s;
  s.count = values.size();
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.count);
  if (s.count < 2) return s;
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(squares / static_cast<double>(s.count - 1));
  const boost::math::students_t t(static_cast<double>(s.count - 1));
  s.ci95 = boost::math::quantile(boost::math::complement(t, 0.025)) * s.std / std::sqrt(static_cast<double>(s.count));
  return s;
}

const std::vector<RunMetric>& run_metrics() {
  static const std::vector<RunMetric> metrics{
      {"makespan", "s", [](const RunStats& s) { return s.makespan; }},
      {"throughput", "tasks/s", [](const RunStats& s) { return s.throughput; }},
      {"mean task time", "s", [](const RunStats& s) { return s.mean_round_trip; }},
      {"failed tasks", "", [](const RunStats& s) { return static_cast<double>(s.failed); }, false},
  };
  return metrics;
}

namespace {

bool ignored_key(const std::string& key) { return key == "run.dir_format"; }

bool is_name_key(const std::string& key) { return key.size() > 5 && key.compare(key.size() - 5, 5, ".name") == 0; }

/// A run's value of `key`: "none" for a plugin it did not select.
std::string value_of(const RunRecords& run, const std::string& key) {
  const auto it = run.config.find(key);
  if (it != run.config.end()) return it->second;
  return is_name_key(key) ? "none" : "(unset)";
}

// Orders groups by their values, numbers as numbers (2 before 10).
struct ValuesOrder {
  static bool less(const std::string& a, const std::string& b) {
    char* end_a = nullptr;
    char* end_b = nullptr;
    const double x = std::strtod(a.c_str(), &end_a);
    const double y = std::strtod(b.c_str(), &end_b);
    if (!a.empty() && !b.empty() && *end_a == '\0' && *end_b == '\0' && x != y) return x < y;
    return a < b;
  }
  bool operator()(const std::vector<std::string>& a, const std::vector<std::string>& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), less);
  }
};

}  // namespace

RunGroups group_runs(const std::vector<RunRecords>& runs, const std::vector<RunStats>& stats) {
  std::set<std::string> apps;
  for (const auto& run : runs) apps.insert(run.app);
  if (apps.size() > 1) {
    std::string names;
    for (const auto& run : runs) names += fmt::format("\n  {} ({})", run.dir.string(), run.app);
    throw ConfigError(fmt::format("the runs are of different apps; report runs of one app at a time:{}", names));
  }
  RunGroups result;
  std::set<std::string> all_keys;
  for (const auto& run : runs) {
    for (const auto& [key, value] : run.config) all_keys.insert(key);
  }
  for (const auto& key : all_keys) {
    if (ignored_key(key)) continue;
    std::set<std::string> values;
    for (const auto& run : runs) values.insert(value_of(run, key));
    // An option of a plugin only some runs selected: the plugin's name key
    // tells those runs apart already.
    if (values.count("(unset)") != 0) continue;
    if (values.size() > 1) result.keys.push_back(key);
  }
  std::map<std::vector<std::string>, std::vector<std::size_t>, ValuesOrder> by_values;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::vector<std::string> values;
    for (const auto& key : result.keys) values.push_back(value_of(runs[i], key));
    by_values[values].push_back(i);
  }
  for (auto& [values, members] : by_values) {
    RunGroup group{values, members, {}};
    for (const auto& metric : run_metrics()) {
      std::vector<double> samples;
      for (std::size_t i : members) samples.push_back(metric.of(stats[i]));
      group.metrics.push_back(summarize(samples));
    }
    result.groups.push_back(std::move(group));
  }
  return result;
}

}  // namespace taps::host::report
