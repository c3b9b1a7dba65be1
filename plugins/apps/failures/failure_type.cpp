#include "failure_type.hpp"

#include <taps/error.hpp>
#include <taps/taps.h>

#include <array>

namespace taps::failures {

namespace {

struct TypeInfo {
  FailureType type;
  std::string_view name;
  std::uint32_t traits;
  const char* raised;
};

constexpr std::array<TypeInfo, 11> types{{
    {FailureType::dependency, "dependency", 0, nullptr},
    {FailureType::failure, "failure", 0, "InjectedFailure"},
    {FailureType::import, "import", 0, "ImportError"},
    {FailureType::zero_division, "zero-division", 0, "ZeroDivisionError"},
    {FailureType::memory, "memory", 0, "MemoryError"},
    {FailureType::ulimit, "ulimit", 0, "OSError"},
    {FailureType::timeout, "timeout", TAPS_EXECUTOR_TASK_TIMEOUT, nullptr},
    {FailureType::worker_killed, "worker-killed", TAPS_EXECUTOR_ISOLATES_TASKS, nullptr},
    {FailureType::manager_killed, "manager-killed",
     TAPS_EXECUTOR_ISOLATES_TASKS | TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS, nullptr},
    {FailureType::node_killed, "node-killed", TAPS_EXECUTOR_ISOLATES_TASKS, nullptr},
    {FailureType::random, "random", 0, nullptr},
}};

const TypeInfo& info(FailureType type) { return types[static_cast<std::size_t>(type)]; }

}  // namespace

std::string_view name_of(FailureType type) { return info(type).name; }

FailureType parse_failure_type(std::string_view name) {
  for (const auto& t : types) {
    if (t.name == name) return t.type;
  }
  throw Error("ConfigError",
              "unknown failure_type '" + std::string(name) + "'; expected one of: " + failure_type_choices,
              TAPS_INVALID_ARGUMENT);
}

std::uint32_t required_traits(FailureType type) { return info(type).traits; }

std::string requirement(FailureType type) {
  switch (type) {
    case FailureType::timeout:
      return "it needs an executor that stops a task running past its timeout (trait task_timeout): "
             "process-pool with --engine.executor.timeout > 0";
    case FailureType::worker_killed:
      return "the task kills its own process, so it needs an executor that runs tasks in separate processes "
             "(trait isolates_tasks), such as process-pool; in-process executors would lose taps-host itself";
    case FailureType::node_killed:
      return "the task kills every worker process of the run, so it needs an executor that runs tasks in separate "
             "processes and replaces lost workers (trait isolates_tasks), such as process-pool";
    case FailureType::manager_killed:
      return "the task kills the manager process between taps-host and itself, so it needs an executor that has "
             "one and survives its loss (traits isolates_tasks and survives_manager_loss); process-pool has none "
             "(its workers' parent is taps-host), thread-pool and tbb run tasks inside taps-host";
    default:
      return "every executor supports it";
  }
}

std::vector<FailureType> supported_types(std::uint32_t traits) {
  std::vector<FailureType> out;
  for (const auto& t : types) {
    if (t.type != FailureType::random && (t.traits & traits) == t.traits) out.push_back(t.type);
  }
  return out;
}

const char* raised_exception(FailureType type) { return info(type).raised; }

bool kills_other_processes(FailureType type) {
  return type == FailureType::node_killed || type == FailureType::manager_killed;
}

std::string trait_names(std::uint32_t traits) {
  std::string out;
  const std::pair<std::uint32_t, const char*> names[] = {
      {TAPS_EXECUTOR_ISOLATES_TASKS, "isolates_tasks"},
      {TAPS_EXECUTOR_TASK_TIMEOUT, "task_timeout"},
      {TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS, "survives_manager_loss"},
  };
  for (const auto& [bit, name] : names) {
    if ((traits & bit) != 0) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out.empty() ? "none" : out;
}

}  // namespace taps::failures
