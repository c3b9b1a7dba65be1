#include "injected_tasks.hpp"

#include "failure_actions.hpp"
#include "injection.hpp"

#include <taps/codec.hpp>
#include <taps/error.hpp>
#include <taps/host.hpp>

namespace taps::failures {

namespace {

std::string run_config_file(const taps_host* host) {
  const auto* run = static_cast<const taps_run_info*>(host->get_interface(host, TAPS_INTERFACE_RUN));
  if (run == nullptr || !TAPS_HAS_FIELD(run, taps_run_info, config_file) || run->config_file == nullptr) return {};
  return run->config_file;
}

[[noreturn]] void inject(FailureType type, const Injection& injection, const taps_host* c_host) {
  const Host host(c_host, "failures");
  switch (type) {
    case FailureType::dependency: fail_as_parent(injection);
    case FailureType::failure: raise_failure(injection);
    case FailureType::import: import_missing_library(injection);
    case FailureType::zero_division: divide_by_zero(injection);
    case FailureType::memory: exhaust_memory(injection, host);
    case FailureType::ulimit: exhaust_file_descriptors(injection, host);
    case FailureType::timeout: sleep_past_timeout(injection, host);
    case FailureType::worker_killed: kill_worker(injection, host);
    case FailureType::manager_killed: kill_manager(injection, host);
    case FailureType::node_killed: kill_node(injection, host, run_config_file(c_host));
    case FailureType::random: break;
  }
  throw Error(injection_error, in_place_of(injection) + "no injection for failure type " +
                                   std::string(name_of(type)));
}

}  // namespace

taps_status run_injection(FailureType type, const taps_host* host, const taps_payload_view* args, uint32_t count,
                          const taps_error_sink* err) noexcept {
  detail::guard(err, TAPS_TASK_FAILED, [&] {
    if (count < 1) {
      throw Error("TypeError", "an injected task takes its failures.injection as the first argument");
    }
    const Injection injection = decode_payload<Injection>(args[0]);
    if (injection.type != type) {
      throw Error("TypeError", std::string("task ") + injected_function(type) + " was given an injection of type " +
                                   std::string(name_of(injection.type)));
    }
    inject(type, injection, host);
  });
  // inject() never returns: the guard has reported the task's failure, and
  // a task that raised is TAPS_TASK_FAILED whatever status its error had.
  return TAPS_TASK_FAILED;
}

}  // namespace taps::failures
