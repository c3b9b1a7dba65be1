#include "engine/data_transform.hpp"
#include "engine/engine.hpp"
#include "engine/function_call.hpp"
#include "engine/wire_format.hpp"

#include <taps/error.hpp>
#include <taps/plugin.hpp>

#include <map>
#include <mutex>

namespace taps::host {

struct TaskRunner::Impl {
  Impl(HostServices& s, FunctionResolver r, PluginInstance t, PluginInstance f)
      : services(s), resolver(std::move(r)), transformer(std::move(t)), filter(std::move(f)),
        data(transformer ? transformer.methods<taps_transformer_methods>() : nullptr,
             transformer ? transformer.self() : nullptr, filter ? filter.methods<taps_filter_methods>() : nullptr,
             filter ? filter.self() : nullptr) {}

  HostServices& services;
  FunctionResolver resolver;
  PluginInstance transformer;
  PluginInstance filter;
  DataTransform data;
  std::mutex functions_mutex;
  std::map<std::string, const taps_function_desc*> functions;

  const taps_function_desc& function(const std::string& plugin, const std::string& name) {
    std::lock_guard lock(functions_mutex);
    auto key = plugin + '\0' + name;
    auto it = functions.find(key);
    if (it != functions.end()) return *it->second;
    const taps_function_desc* desc = resolver ? resolver(plugin, name) : nullptr;
    if (desc == nullptr) {
      throw Error("LookupError", "this worker has no task function '" + name + "' of app plugin '" + plugin +
                                     "'; is the plugin on the worker's plugin path?");
    }
    functions.emplace(std::move(key), desc);
    return *desc;
  }
};

namespace {

taps_status execute_encoded(const taps_host* host, const uint8_t* message, uint64_t size, taps_buffer* out_result,
                            const taps_error_sink* err) {
  auto* services = static_cast<HostServices*>(host->context);
  auto* runner = static_cast<TaskRunner*>(services->owner_of(TAPS_INTERFACE_WORKER));
  return detail::guard(err, TAPS_ERROR, [&] {
    *out_result = make_buffer(runner->execute(message, static_cast<std::size_t>(size)), "taps.encoded-result");
  });
}

// No attach_run: a TaskRunner is made for a run that is already known.
const taps_worker_host worker_api{sizeof(taps_worker_host), &execute_encoded, nullptr};

}  // namespace

TaskRunner::TaskRunner(HostServices& services, FunctionResolver resolver, PluginInstance transformer,
                       PluginInstance filter)
    : impl_(std::make_unique<Impl>(services, std::move(resolver), std::move(transformer), std::move(filter))) {
  services.provide(TAPS_INTERFACE_WORKER, &worker_api, this);
}

TaskRunner::~TaskRunner() = default;

Bytes TaskRunner::execute(const uint8_t* message, std::size_t size) {
  wire::DecodedTask task = wire::decode_task(message, size);
  Outcome outcome;
  try {
    const taps_function_desc& desc = impl_->function(task.plugin, task.function);
    std::vector<ArgView> args;
    args.reserve(task.args.size());
    for (const auto& arg : task.args) {
      args.push_back({taps_payload_view{sizeof(taps_payload_view), arg.type.c_str(), arg.data, arg.size},
                      arg.is_identifier});
    }
    outcome = call_function(impl_->services.host(), task.task_id.c_str(), desc, args, impl_->data);
  } catch (const Error& e) {
    outcome.error_type = e.type();
    outcome.error_message = e.what();
  }
  return wire::encode_result(task.task_id, outcome);
}

}  // namespace taps::host
