// failure_type.hpp — the kinds of failure the failures app injects, and what
// an executor must survive for each.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace taps::failures {

enum class FailureType {
  dependency,      // an injected parent fails; the chosen task fails with a DependencyError
  failure,         // the task raises an exception
  import,          // the task loads a library that does not exist
  zero_division,   // the task divides by zero
  memory,          // the task allocates until its memory limit is hit
  ulimit,          // the task opens files until the descriptor limit is hit
  timeout,         // the task sleeps past the executor's task timeout
  worker_killed,   // the task's process kills itself
  manager_killed,  // the task kills its process's manager (the executor's worker daemon)
  node_killed,     // the task kills every worker process of this run on its node
  random,          // one of the others, drawn per task among those the executor survives
};

/// The `failure_type` choices, as the option declares them.
inline constexpr const char* failure_type_choices =
    "dependency|failure|import|zero-division|memory|ulimit|timeout|worker-killed|manager-killed|node-killed|random";

/// "zero-division", as users write it.
std::string_view name_of(FailureType type);

/// Throws taps::Error naming the choices for an unknown name.
FailureType parse_failure_type(std::string_view name);

/// The TAPS_EXECUTOR_* traits an executor needs to survive the type.
std::uint32_t required_traits(FailureType type);

/// Why the type needs them and which executors have them, for the message
/// that refuses a combination.
std::string requirement(FailureType type);

/// The concrete types (not `random`) an executor with `traits` survives, in
/// declaration order: what `random` draws from.
std::vector<FailureType> supported_types(std::uint32_t traits);

/// The exception an injected task raises itself for the types whose failure
/// happens inside the task ("InjectedFailure", "ImportError", ...); nullptr
/// for the types the executor reports (a timeout, a killed process).
const char* raised_exception(FailureType type);

/// True for the types that end processes other than the task's own: other
/// tasks running there fail with them (collateral damage).
bool kills_other_processes(FailureType type);

/// "isolates_tasks, task_timeout", or "none".
std::string trait_names(std::uint32_t traits);

/// The exception a task raises when its injection could not take effect
/// (a kill not permitted, a timeout never enforced): never what was wanted.
inline constexpr const char* injection_error = "InjectionError";

/// The exception of an injected dependency parent.
inline constexpr const char* parent_exception = "ParentDependencyError";

}  // namespace taps::failures
