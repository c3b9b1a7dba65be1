// engine.hpp — the host side of the Engine: task graph, dependencies,
// dispatch to the executor, data transformation, records.
#pragma once

#include "plugins/plugin_instance.hpp"
#include "services/host_services.hpp"

#include <taps/codec.hpp>
#include <taps/taps.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace taps::host {

class EngineImpl;

/// Finds the descriptor of a task function: (app plugin name, function name)
/// -> descriptor, or nullptr. Supplied by the plugin registry.
using FunctionResolver = std::function<const taps_function_desc*(const std::string& plugin, const std::string& function)>;

/// Which plugins the engine runs with. Instances are created by the caller
/// with services.host() and handed over.
struct EngineParts {
  PluginInstance executor;               // required
  PluginInstance transformer;            // optional
  PluginInstance filter;                 // optional; none + transformer = transform everything
  std::vector<PluginInstance> loggers;   // zero or more
};

/// Counters for the run summary.
struct EngineStats {
  std::uint64_t submitted = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
  /// The first failure of a record logger ("record logger 'jsonl' failed:
  /// ..."), empty when every record was written: records were lost, so the
  /// run failed whatever its tasks did.
  std::string record_failure;
  /// The tasks the app said it will submit in all (expect_tasks), 0 when
  /// it did not say: what the progress line's ETA is computed against.
  std::uint64_t expected = 0;
};

class Engine {
 public:
  /// Registers TAPS_INTERFACE_ENGINE and TAPS_INTERFACE_EXECUTOR_HOST with
  /// `services`; create the executor instance after constructing the engine,
  /// then call start().
  Engine(HostServices& services, FunctionResolver resolver);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// When tasks are in flight and none finishes for `seconds`, log a
  /// WARNING listing the oldest of them (and again every `seconds` while
  /// it lasts); 0 (the default) never. Call before start().
  void warn_on_stall(double seconds);

  /// Takes the plugin instances and starts the periodic record flusher.
  void start(EngineParts parts);

  taps_engine* handle();
  static const taps_engine_api* api();

  /// Stops the executor (waiting for running tasks, failing queued ones when
  /// `cancel_pending`), flushes records, destroys plugin instances.
  /// Idempotent.
  void shutdown(bool cancel_pending);

  /// Makes every record so far durable. Safe from any thread, also while
  /// tasks finish; used on SIGINT/SIGTERM before the process exits.
  void flush_records() noexcept;

  /// Destroys the transformer now, so that it removes every object the run
  /// stored (Redis keys, shm segments, payload files), as at a normal end.
  /// Safe from any thread while tasks run (those that still need the
  /// transformer fail); used on SIGINT/SIGTERM, where no destructor runs.
  void release_transformer() noexcept;

  EngineStats stats() const;

 private:
  std::unique_ptr<EngineImpl> impl_;
};

/// Worker side: executes encoded tasks in a process that has no engine
/// (the generic worker). Registers TAPS_INTERFACE_WORKER with `services`.
class TaskRunner {
 public:
  /// `transformer`/`filter` (may be empty) resolve identifiers and transform
  /// results exactly as the client's engine does.
  TaskRunner(HostServices& services, FunctionResolver resolver, PluginInstance transformer = {},
             PluginInstance filter = {});
  ~TaskRunner();

  /// Executes one encoded task; the encoded result carries a task failure.
  /// Throws taps::Error when the message cannot be read.
  Bytes execute(const uint8_t* message, std::size_t size);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taps::host
