#include "engine/function_call.hpp"

#include "services/host_services.hpp"

#include <taps/error.hpp>

#include <unistd.h>

#include <climits>
#include <exception>

namespace taps::host {

const std::string& local_hostname() {
  static const std::string name = [] {
    char buffer[HOST_NAME_MAX + 1] = {};
    if (gethostname(buffer, sizeof buffer) != 0) return std::string("unknown");
    return std::string(buffer);
  }();
  return name;
}

namespace {

void fail(Outcome& outcome, std::string type, std::string message, std::string traceback = {}) {
  outcome.success = false;
  outcome.result.reset();
  outcome.error_type = std::move(type);
  outcome.error_message = std::move(message);
  outcome.error_traceback = std::move(traceback);
}

}  // namespace

Outcome call_function(const taps_host* host, const char* task_id, const taps_function_desc& function,
                      const std::vector<ArgView>& args, const DataTransform& data) {
  Outcome outcome;
  outcome.has_execution = true;
  ExecutionInfo& info = outcome.execution;
  info.hostname = local_hostname();
  info.execution_start_time = HostServices::now();

  // Resolve identifiers. `resolved` keeps fetched payloads alive for the call.
  info.input_transform_start_time = HostServices::now();
  std::vector<taps_payload_view> views;
  std::vector<Buffer> resolved;
  views.reserve(args.size());
  try {
    for (const ArgView& arg : args) {
      if (arg.is_identifier) {
        resolved.push_back(data.resolve(arg.view));
        views.push_back(resolved.back().view());
      } else {
        views.push_back(arg.view);
      }
    }
  } catch (const Error& e) {
    info.input_transform_end_time = info.task_start_time = info.task_end_time = HostServices::now();
    info.result_transform_start_time = info.result_transform_end_time = info.execution_end_time = info.task_end_time;
    fail(outcome, e.type(), e.what());
    return outcome;
  }
  info.input_transform_end_time = HostServices::now();

  info.task_start_time = HostServices::now();
  taps_buffer result{};
  detail::ErrorCapture error;
  auto sink = error.sink();
  taps_status status = [&] {
    const RunningTask running(task_id, function.name);
    return function.invoke(host, views.data(), static_cast<uint32_t>(views.size()), &result, &sink);
  }();
  info.task_end_time = HostServices::now();
  resolved.clear();

  info.result_transform_start_time = HostServices::now();
  if (status != TAPS_OK) {
    fail(outcome, error.type.empty() ? "TaskError" : error.type,
         error.set ? error.message : "task function returned status " + std::to_string(status), error.traceback);
  } else {
    outcome.success = true;
    outcome.result = Buffer(result);
    if (data.selects(outcome.result.type(), outcome.result.size())) {
      try {
        outcome.result = data.transform(outcome.result.view());
        outcome.result_is_identifier = true;
      } catch (const Error& e) {
        fail(outcome, e.type(), e.what());
      }
    }
  }
  info.result_transform_end_time = HostServices::now();
  info.execution_end_time = HostServices::now();
  return outcome;
}

}  // namespace taps::host
