// host_services.hpp — the taps_host table handed to every plugin.
#pragma once

#include <taps/taps.h>

#include <map>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace taps::host {

/// While it lives, the lines the calling thread logs name the task it runs:
/// `(task <function> <id>) > ...` for taps::this_task::log, whose plugin
/// side can only say "task", and `(<plugin>, in task <function> <id>) > ...`
/// for a plugin's own logger. Made around each call of a task function.
class RunningTask {
 public:
  RunningTask(const char* task_id, const char* function);
  ~RunningTask();
  RunningTask(const RunningTask&) = delete;
  RunningTask& operator=(const RunningTask&) = delete;

 private:
  const RunningTask* outer_;  // a task function that runs another in-line
  const char* task_id_;
  const char* function_;
  friend class HostServices;
};

/// Owns the taps_host struct: plugin logging goes to the run's log (spdlog
/// logger named by the plugin), now() is the record clock, and interfaces
/// (engine, executor-host, worker) are registered by whoever implements them.
/// Address-stable: plugins keep the taps_host pointer.
class HostServices {
 public:
  explicit HostServices(std::shared_ptr<spdlog::logger> sink);
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;

  const taps_host* host() const { return &host_; }

  /// Makes `table` available through get_interface(id). Not thread-safe:
  /// register before handing host() to plugins.
  void provide(const std::string& id, const void* table, void* owner = nullptr);

  /// The `owner` registered with an interface: lets a C trampoline that only
  /// receives the taps_host find the object that implements it.
  void* owner_of(const std::string& id) const;

  /// Unix seconds with sub-microsecond resolution.
  static double now();

  const std::shared_ptr<spdlog::logger>& logger() const { return sink_; }

 private:
  static void log(const taps_host* self, taps_log_level level, const char* logger, const char* message);
  static double now_trampoline(const taps_host* self);
  static const void* get_interface(const taps_host* self, const char* id);

  taps_host host_;
  std::shared_ptr<spdlog::logger> sink_;
  struct Provided {
    const void* table;
    void* owner;
  };
  std::map<std::string, Provided, std::less<>> interfaces_;
};

}  // namespace taps::host
