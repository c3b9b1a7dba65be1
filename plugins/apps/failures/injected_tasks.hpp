// injected_tasks.hpp — the task functions the failures app submits in place
// of chosen tasks: one per failure type, named after it (inject_memory, ...),
// plus the failing parent of a `dependency` injection (injected_parent).
//
// Their first argument is the Injection; the chosen task's own arguments
// follow and are not read (any payload type is fine): they are passed so
// that the injected task depends on the same parents and the task graph
// keeps its shape.
#pragma once

#include "failure_type.hpp"

#include <taps/task.hpp>
#include <taps/taps.h>

namespace taps::failures {

/// Runs the injection of `type` described by args[0]; never succeeds.
taps_status run_injection(FailureType type, const taps_host* host, const taps_payload_view* args, uint32_t count,
                          const taps_error_sink* err) noexcept;

template <FailureType Type>
taps_status invoke_injected(const taps_host* host, const taps_payload_view* args, uint32_t count, taps_buffer*,
                            const taps_error_sink* err) noexcept {
  return run_injection(Type, host, args, count, err);
}

template <FailureType Type>
const void* injected_address() {
  return reinterpret_cast<const void*>(&invoke_injected<Type>);
}

/// The function that injects `type` (injected_parent for dependency).
constexpr const char* injected_function(FailureType type) {
  switch (type) {
    case FailureType::dependency: return "injected_parent";
    case FailureType::failure: return "inject_failure";
    case FailureType::import: return "inject_import";
    case FailureType::zero_division: return "inject_zero_division";
    case FailureType::memory: return "inject_memory";
    case FailureType::ulimit: return "inject_ulimit";
    case FailureType::timeout: return "inject_timeout";
    case FailureType::worker_killed: return "inject_worker_killed";
    case FailureType::manager_killed: return "inject_manager_killed";
    case FailureType::node_killed: return "inject_node_killed";
    case FailureType::random: break;
  }
  return "inject_unknown";
}

template <FailureType Type>
constexpr TaskDef injected_task() {
  return TaskDef{{sizeof(taps_function_desc), injected_function(Type), &invoke_injected<Type>},
                 &injected_address<Type>};
}

}  // namespace taps::failures
