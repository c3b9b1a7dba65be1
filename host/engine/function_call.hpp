// function_call.hpp — running one task function where the task executes:
// resolve identifiers, call, transform the result, take the timestamps the
// records need. Shared by in-process execution and the generic worker.
#pragma once

#include "engine/data_transform.hpp"
#include "engine/task_state.hpp"

#include <taps/taps.h>

#include <string>
#include <vector>

namespace taps::host {

/// An argument as the function call sees it: a borrowed payload that may
/// still be a transformer identifier.
struct ArgView {
  taps_payload_view view;
  bool is_identifier;
};

/// The name of this machine, looked up once.
const std::string& local_hostname();

/// Runs `function` on `args` as task `task_id` (which lines the function
/// logs are tagged with). Never throws: every failure (of resolving, the
/// function, transforming) becomes a failed Outcome.
Outcome call_function(const taps_host* host, const char* task_id, const taps_function_desc& function,
                      const std::vector<ArgView>& args, const DataTransform& data);

}  // namespace taps::host
