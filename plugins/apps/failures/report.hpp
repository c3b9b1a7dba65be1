// report.hpp — what a failures run says about itself: the summary line in
// the log and failures.json in the run directory.
#pragma once

#include "failure_type.hpp"
#include "task_tracker.hpp"
#include "verdict.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::failures {

struct RunFacts {
  /// The failures app's plugin name, which owns the injected tasks.
  std::string plugin;
  std::string base;
  FailureType type = FailureType::dependency;
  double rate = 0;
  std::uint64_t seed = 0;
  std::string executor;
  std::uint32_t executor_traits = 0;
  /// The types the executor survives: what `random` draws from.
  std::vector<FailureType> candidates;
  bool base_succeeded = false;
  std::string base_error;  // "TaskError: ..." when it failed
};

/// "failures: injected=3 observed=3 type=memory rate=0.5 base=synthetic (...)".
std::string summary_line(const RunFacts& facts, const Verdict& verdict);

/// The first `limit` unexpected outcomes, "task 1a2b (synthetic.noop): expected X, saw Y; ...".
std::string unexpected_outcomes(const std::vector<TrackedTask>& tasks, const Verdict& verdict, std::size_t limit);

/// failures.json: the facts, the counts, every injection and every
/// unexpected outcome. Throws taps::Error if it cannot be written.
void write_report(const std::filesystem::path& file, const RunFacts& facts, const std::vector<TrackedTask>& tasks,
                  const Verdict& verdict);

}  // namespace taps::failures
