// sweep_plan.hpp — what a sweep runs: the cross product of the varied
// options, each point repeated, and the record of which runs finished,
// kept in sweeps/<name>/sweep.toml so that --resume can finish the rest.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace taps::host::sweep {

/// One --vary KEY=V1,V2: a dotted config key and its values.
struct Variation {
  std::string key;
  std::vector<std::string> values;
};

/// Parses "KEY=V1,V2,..."; throws ConfigError.
Variation parse_variation(const std::string& text);

struct SweepPlan {
  std::string name;
  /// Config files every run starts from, absolute.
  std::vector<std::string> config_files;
  std::vector<Variation> variations;
  std::size_t repeat = 1;
  /// Further `taps-host run` options given after `--`.
  std::vector<std::string> run_args;
  /// Run id ("p002-r1") → "ok" or why it failed ("exit status 1").
  std::map<std::string, std::string> outcomes;
};

/// One run of the sweep: a point of the cross product and a repeat.
struct SweepRun {
  std::string id;  // p<point>-r<repeat>
  std::vector<std::string> values;  // one per variation
  std::size_t repeat = 1;
};

/// Every run, point by point, repeats of a point interleaved last.
std::vector<SweepRun> sweep_runs(const SweepPlan& plan);

/// sweep.toml: the plan and the outcomes so far.
void write_sweep_toml(const SweepPlan& plan, const std::filesystem::path& file);
/// Throws ConfigError when the file is not a sweep's.
SweepPlan read_sweep_toml(const std::filesystem::path& file);

}  // namespace taps::host::sweep
