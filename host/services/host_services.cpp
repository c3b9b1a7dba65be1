#include "services/host_services.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <ctime>

namespace taps::host {

namespace {

spdlog::level::level_enum to_spdlog(taps_log_level level) {
  switch (level) {
    case TAPS_LOG_TRACE: return spdlog::level::trace;
    case TAPS_LOG_DEBUG: return spdlog::level::debug;
    case TAPS_LOG_INFO: return spdlog::level::info;
    case TAPS_LOG_WARNING: return spdlog::level::warn;
    case TAPS_LOG_ERROR: return spdlog::level::err;
    default: return spdlog::level::critical;
  }
}

thread_local const RunningTask* running_task = nullptr;

}  // namespace

RunningTask::RunningTask(const char* task_id, const char* function)
    : outer_(running_task), task_id_(task_id != nullptr ? task_id : "?"), function_(function != nullptr ? function : "?") {
  running_task = this;
}

RunningTask::~RunningTask() { running_task = outer_; }

HostServices::HostServices(std::shared_ptr<spdlog::logger> sink)
    : host_{sizeof(taps_host), TAPS_ABI_MAJOR, TAPS_ABI_MINOR, TAPS_VERSION, this, &HostServices::log,
            &HostServices::now_trampoline, &HostServices::get_interface},
      sink_(std::move(sink)) {}

void HostServices::provide(const std::string& id, const void* table, void* owner) {
  interfaces_[id] = Provided{table, owner};
}

void* HostServices::owner_of(const std::string& id) const {
  auto it = interfaces_.find(id);
  return it == interfaces_.end() ? nullptr : it->second.owner;
}

double HostServices::now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void HostServices::log(const taps_host* self, taps_log_level level, const char* logger, const char* message) {
  auto* services = static_cast<HostServices*>(self->context);
  if (!services->sink_) return;
  // The plugin's name goes where the logger name goes in log.txt's pattern;
  // one spdlog logger serves every plugin, so no registry lookup per line.
  const char* name = logger != nullptr ? logger : "plugin";
  const char* text = message != nullptr ? message : "";
  if (const RunningTask* task = running_task; task == nullptr) {
    services->sink_->log(to_spdlog(level), "({}) > {}", name, text);
  } else if (std::strcmp(name, "task") == 0) {
    services->sink_->log(to_spdlog(level), "(task {} {}) > {}", task->function_, task->task_id_, text);
  } else {
    services->sink_->log(to_spdlog(level), "({}, in task {} {}) > {}", name, task->function_, task->task_id_, text);
  }
}

double HostServices::now_trampoline(const taps_host*) { return now(); }

const void* HostServices::get_interface(const taps_host* self, const char* id) {
  if (id == nullptr) return nullptr;
  auto* services = static_cast<HostServices*>(self->context);
  auto it = services->interfaces_.find(std::string_view(id));
  return it == services->interfaces_.end() ? nullptr : it->second.table;
}

}  // namespace taps::host
