// verdict.hpp — did every injected failure happen, and nothing else?
//
// Each tracked task is judged in submission order (parents before
// children) against what the injection predicts:
//
//   a task with a failed parent      fails with DependencyError, never runs
//   an injected parent               fails with ParentDependencyError
//   a chosen task, dependency        fails with DependencyError (its injected parent failed)
//   a chosen task, other types       fails with the type's exception (MemoryError, ...), or,
//                                    for the types the executor enforces (timeout, kills),
//                                    with whatever error the executor reports for it
//   any other task                   succeeds
//
// Two outcomes are expected without being what the task itself was given:
// a chosen task whose parent failed first never runs its injection (masked),
// and where node-killed or manager-killed ended other processes, tasks that
// were running there (injected parents too) fail with the same error the
// executor reported for the killed task (collateral).
#pragma once

#include "task_tracker.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace taps::failures {

enum class Outcome {
  succeeded,          // an untouched task that succeeded
  as_injected,        // a chosen task (or injected parent) that failed as injected
  masked,             // a chosen task failed by an earlier failure before its own could happen
  dependency_failed,  // an untouched task failed with a DependencyError, as its parent failed
  collateral,         // failed with the executor's crash error of a node-killed or manager-killed
  unexpected,         // anything else: the verdict fails
};

const char* name_of(Outcome outcome);

struct Judgement {
  Outcome outcome = Outcome::unexpected;
  /// For unexpected outcomes: what was expected.
  std::string expected;
};

struct Verdict {
  std::size_t tasks = 0;  // the base app's tasks (injected parents not counted)
  std::size_t injected = 0;
  std::size_t observed = 0;  // injected tasks seen failing as predicted: as_injected + masked + collateral
  std::size_t as_injected = 0;
  std::size_t masked = 0;
  std::size_t collateral = 0;
  std::size_t dependants_failed = 0;
  std::size_t succeeded = 0;
  std::size_t unexpected = 0;
  std::map<std::string, std::size_t> injected_by_type;
  /// One per tracked task, same order.
  std::vector<Judgement> judgements;

  bool holds() const { return unexpected == 0 && observed == injected; }
};

Verdict judge(const std::vector<TrackedTask>& tasks);

/// "DependencyError", "MemoryError", "success", ... : how a task ended.
std::string seen(const TrackedTask& task);

}  // namespace taps::failures
