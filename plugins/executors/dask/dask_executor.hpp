// dask_executor.hpp — tasks on Dask distributed workers.
//
// Dask's client is Python, so the plugin starts a Python process (the
// bridge, taps_dask_bridge.py) and trades frames with it over a
// socketpair: encoded tasks out, encoded results or failures back. The
// bridge submits each task to Dask; on every Dask worker a worker plugin
// keeps a long-lived generic taps worker to which the Dask task pipes the
// encoded task. Dependencies stay in the taps engine: Dask only ever sees
// ready, independent tasks. docs/distributed.md says why this design.
#pragma once

#include "bridge_process.hpp"

#include <taps/plugin.hpp>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace taps::dask {

class DaskExecutor {
 public:
  static constexpr PluginInfo info{"dask", "0.1.0",
                                   "Dask distributed: tasks on the workers of a Dask cluster (a local one started "
                                   "for the run, or a running scheduler), through a Python bridge process."};
  static constexpr taps_option_desc options[] = {
      option::string("scheduler_address",
                     "Address of a running Dask scheduler (tcp://HOST:PORT) whose workers run the tasks; unset "
                     "means a local cluster started for the run and shut down with it. Its workers must reach "
                     "taps-host, the plugins and the run directory at the same paths (a shared file system)."),
      option::integer("workers", "Worker processes of the local cluster, one thread each; 0 means one per core.")
          .defaults("0")
          .min(0)
          .max(1024),
      option::boolean("daemon_workers",
                      "Start the local cluster's workers as daemon processes (distributed.worker.daemon), as the "
                      "reference does.")
          .defaults("true"),
      option::real("timeout",
                   "Seconds a task may run on its Dask worker before its taps worker process is killed and the "
                   "task fails with a TimeoutError; 0 means no limit.")
          .defaults("0")
          .min(0)
          .unit("s"),
  };

  DaskExecutor(Host host, const Config& config);
  ~DaskExecutor();
  DaskExecutor(const DaskExecutor&) = delete;
  DaskExecutor& operator=(const DaskExecutor&) = delete;

  void submit(taps_task* task);
  void shutdown(bool wait, bool cancel_pending);
  std::uint32_t traits() const;
  static void worker_main(Host host, const Config& config, std::vector<std::string> args);

 private:
  void read_loop();
  void handle_failed(std::uint64_t seq, const std::vector<std::uint8_t>& body);
  taps_task* take(std::uint64_t seq);
  void break_bridge(const std::string& reason);
  void wait_until_ready();
  std::string describe(const taps_task* task) const;

  Host host_;
  ExecutorHost tasks_;
  double timeout_;
  std::unique_ptr<BridgeProcess> bridge_;
  std::thread reader_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::unordered_map<std::uint64_t, taps_task*> in_flight_;  // by seq
  std::uint64_t next_seq_ = 1;
  bool ready_ = false;
  std::optional<std::string> broken_;  // why the bridge cannot run tasks any more
  // The bridge's message once it has reported the scheduler lost: tasks still
  // in flight at shutdown went with the scheduler, so they fail with it too.
  std::optional<std::string> scheduler_lost_;
  std::mutex write_mutex_;             // one frame at a time on the socket
  bool shut_down_ = false;
};

}  // namespace taps::dask
