#include "mpi_executor.hpp"

namespace taps::mpi {

namespace {

ClientOptions client_options(const Host& host, const Config& config) {
  ClientOptions options;
  options.workers = static_cast<std::size_t>(config.get_int("workers"));
  options.hostfile = config.get_string("hostfile", "");
  options.oversubscribe = config.get_bool("oversubscribe");
  options.window = static_cast<std::size_t>(config.get_int("window"));
  options.start_timeout = config.get_double("start_timeout");
  options.stop_timeout = config.get_double("stop_timeout");
  const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  if (run == nullptr || !TAPS_HAS_FIELD(run, taps_run_info, config_file) || run->worker_program == nullptr ||
      run->config_file == nullptr) {
    throw Error("ConfigError", "the mpi executor needs a host that can start workers (run it under taps-host run)");
  }
  options.worker_program = run->worker_program;
  options.plugin_path = run->plugin_path != nullptr ? run->plugin_path : "";
  options.config_file = run->config_file;
  return options;
}

}  // namespace

MpiExecutor::MpiExecutor(Host host, const Config& config)
    : client_(Client::start(host, client_options(host, config))) {}

MpiExecutor::~MpiExecutor() { shutdown(false, true); }

void MpiExecutor::submit(taps_task* task) { client_->submit(task); }

void MpiExecutor::shutdown(bool wait, bool cancel_pending) {
  if (shut_down_) return;
  shut_down_ = true;
  client_->shutdown(wait, cancel_pending);
}

}  // namespace taps::mpi
