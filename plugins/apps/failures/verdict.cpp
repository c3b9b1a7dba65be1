#include "verdict.hpp"

#include <set>

namespace taps::failures {

namespace {

constexpr const char* dependency_error = "DependencyError";

// Errors the injection, not the executor, reports: never a sign that an
// executor-enforced failure (a timeout, a kill) happened.
bool reported_by_executor(const TrackedTask& task) {
  return !task.success && task.error_type != dependency_error && task.error_type != injection_error &&
         task.error_type != "CancelledError";
}

bool failed_with(const TrackedTask& task, const std::string& type) { return !task.success && task.error_type == type; }

bool is_kill(FailureType type) {
  return type == FailureType::worker_killed || type == FailureType::manager_killed || type == FailureType::node_killed;
}

// The expected failure of a chosen task whose parents all succeeded.
bool failed_as_injected(const TrackedTask& task) {
  if (const char* raised = raised_exception(task.type)) return failed_with(task, raised);
  return reported_by_executor(task);
}

std::string expected_of(const TrackedTask& task) {
  if (const char* raised = raised_exception(task.type)) return raised;
  return "an error reported by the executor (" + std::string(name_of(task.type)) + ")";
}

}  // namespace

const char* name_of(Outcome outcome) {
  switch (outcome) {
    case Outcome::succeeded: return "succeeded";
    case Outcome::as_injected: return "as_injected";
    case Outcome::masked: return "masked";
    case Outcome::dependency_failed: return "dependency_failed";
    case Outcome::collateral: return "collateral";
    case Outcome::unexpected: return "unexpected";
  }
  return "unknown";
}

std::string seen(const TrackedTask& task) {
  if (!task.finished) return "not finished";
  if (task.success) return "success";
  return task.error_type + ": " + task.error_message;
}

Verdict judge(const std::vector<TrackedTask>& tasks) {
  Verdict verdict;
  // What the executor reported for tasks killed on purpose: other tasks
  // that fail with it where a kill could reach them are collateral.
  bool kills_others = false;
  std::set<std::string> crash_errors;
  for (const auto& task : tasks) {
    if (task.role != Role::chosen || !is_kill(task.type)) continue;
    kills_others = kills_others || kills_other_processes(task.type);
    if (reported_by_executor(task)) crash_errors.insert(task.error_type);
  }
  const auto collateral = [&](const TrackedTask& task) {
    return kills_others && !task.success && crash_errors.count(task.error_type) != 0;
  };

  verdict.judgements.resize(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const TrackedTask& task = tasks[i];
    Judgement& judgement = verdict.judgements[i];
    bool parent_failed = false;
    for (std::size_t parent : task.parents) parent_failed = parent_failed || !tasks[parent].success;

    switch (task.role) {
      case Role::injected_parent:
        if (failed_with(task, parent_exception)) {
          judgement.outcome = Outcome::as_injected;
        } else if (collateral(task)) {
          // Its chosen task fails with a DependencyError all the same.
          judgement.outcome = Outcome::collateral;
        } else {
          judgement.expected = parent_exception;
        }
        break;
      case Role::chosen:
        ++verdict.injected;
        ++verdict.injected_by_type[std::string(name_of(task.type))];
        if (task.type == FailureType::dependency || parent_failed) {
          // Either way the engine fails it before it runs.
          if (failed_with(task, dependency_error)) {
            judgement.outcome = task.type == FailureType::dependency ? Outcome::as_injected : Outcome::masked;
          } else {
            judgement.expected = dependency_error;
          }
        } else if (failed_as_injected(task)) {
          judgement.outcome = Outcome::as_injected;
        } else if (collateral(task)) {
          judgement.outcome = Outcome::collateral;
        } else {
          judgement.expected = expected_of(task);
        }
        break;
      case Role::untouched:
        if (parent_failed) {
          if (failed_with(task, dependency_error)) {
            judgement.outcome = Outcome::dependency_failed;
          } else {
            judgement.expected = dependency_error;
          }
        } else if (task.success) {
          judgement.outcome = Outcome::succeeded;
        } else if (collateral(task)) {
          judgement.outcome = Outcome::collateral;
        } else {
          judgement.expected = "success";
        }
        break;
    }

    if (task.role != Role::injected_parent) ++verdict.tasks;
    switch (judgement.outcome) {
      case Outcome::succeeded: ++verdict.succeeded; break;
      case Outcome::as_injected:
        if (task.role == Role::chosen) ++verdict.as_injected;
        break;
      case Outcome::masked: ++verdict.masked; break;
      case Outcome::dependency_failed: ++verdict.dependants_failed; break;
      case Outcome::collateral:
        if (task.role != Role::injected_parent) ++verdict.collateral;
        break;
      case Outcome::unexpected: ++verdict.unexpected; break;
    }
    if (task.role == Role::chosen && judgement.outcome != Outcome::unexpected) ++verdict.observed;
  }
  return verdict;
}

}  // namespace taps::failures
