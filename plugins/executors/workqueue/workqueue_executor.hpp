// workqueue_executor.hpp — tasks on cctools Work Queue workers.
//
// The plugin runs a Work Queue manager inside taps-host. Workers
// (`work_queue_worker HOST PORT`, started by hand, by a batch system, or by
// this plugin on this machine) connect to it; each taps task becomes one
// Work Queue task that runs the generic worker in its file mode on one
// encoded task. taps-host, the plugin libraries and the run's config.toml
// travel with the tasks and are cached by each worker, so a worker node
// needs neither a shared file system nor a taps installation.
//
// The manager is single-threaded: one thread of this plugin owns it, takes
// ready tasks from a queue, keeps the Work Queue's window full, waits for
// results and finishes tasks.
#pragma once

#include "local_workers.hpp"
#include "task_template.hpp"
#include "work_queue_api.hpp"

#include <taps/plugin.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace taps::workqueue {

class WorkQueueExecutor {
 public:
  static constexpr PluginInfo info{"workqueue", "0.1.0",
                                   "cctools Work Queue: tasks on work_queue_worker processes on any machine that "
                                   "reaches the manager; ships taps-host and the plugins to them."};
  static constexpr taps_option_desc options[] = {
      option::integer("port", "Port the Work Queue manager listens on for workers; 0 means any free port (logged).")
          .defaults("9123")
          .min(0)
          .max(65535),
      option::string("password",
                     "File holding the password every worker must present (work_queue_worker --password FILE); "
                     "unset means none."),
      option::string("project_name",
                     "Project name the manager advertises to the catalog server, so that workers can find it "
                     "with work_queue_worker -M NAME; unset means not advertised."),
      option::string("catalog",
                     "Catalog server(s) for project_name, HOST:PORT[,HOST:PORT...]; unset means cctools' default "
                     "(CATALOG_HOST, else catalog.cse.nd.edu:9097)."),
      option::integer("local_workers",
                      "work_queue_worker processes of one core each started on this machine for the run; 0 means "
                      "start none and wait for workers started elsewhere.")
          .defaults("0")
          .min(0)
          .max(1024),
      option::integer("max_retries", "Times a task lost with its worker runs again before it fails as WorkerLost.")
          .defaults("3")
          .min(0)
          .max(1000),
      option::real("timeout",
                   "Seconds a task may run on a worker before it is killed and fails with a TimeoutError, checked "
                   "about once a second; 0 means no limit.")
          .defaults("0")
          .min(0)
          .unit("s"),
      option::real("worker_wait_timeout",
                   "Seconds tasks may wait while no worker is connected before they fail; 0 means wait forever.")
          .defaults("300")
          .min(0)
          .unit("s"),
      option::integer("tasks_per_core",
                      "Tasks handed to Work Queue per connected worker core; the rest wait in taps, since a manager "
                      "with thousands of queued tasks slows down.")
          .defaults("2")
          .min(1)
          .max(1000),
  };

  WorkQueueExecutor(Host host, const Config& config);
  ~WorkQueueExecutor();
  WorkQueueExecutor(const WorkQueueExecutor&) = delete;
  WorkQueueExecutor& operator=(const WorkQueueExecutor&) = delete;

  void submit(taps_task* task);
  void shutdown(bool wait, bool cancel_pending);
  std::uint32_t traits() const;

 private:
  using Clock = std::chrono::steady_clock;

  struct Pending {
    taps_task* task;
    Buffer message;
  };
  // A task handed to Work Queue, by Work Queue's task id.
  struct InFlight {
    taps_task* task = nullptr;
    std::filesystem::path task_file;
    std::filesystem::path result_file;
    // Work Queue owns it until work_queue_wait returns it; only read here,
    // on the thread that owns the queue.
    const work_queue_task* handle = nullptr;
    int tries_seen = 0;     // its try_count (dispatches) at the last look
    int requeues_seen = 0;  // dispatches that ended back in the queue, at the last look
    int losses = 0;         // those that ended because its worker was lost
    std::optional<Clock::time_point> running_since;  // for the timeout
  };

  void create_manager(const Config& config);
  void manager_loop();
  bool run_once();
  void fill_window();
  std::size_t window() const;
  void hand_to_work_queue(Pending pending);
  void finish(WqTask done);
  void watch_workers();
  int workers_lost() const;
  void track_in_flight(bool worker_lost);
  void time_out(InFlight& flight, int id);
  void drop_in_flight(int id, InFlight& flight, const std::string& type, const std::string& message);
  void fail_everything(const std::string& type, const std::string& message);
  void fail_in_flight(const std::string& type, const std::string& message);
  std::string describe(const taps_task* task) const;
  std::string start_workers_hint() const;

  Host host_;
  ExecutorHost tasks_;
  int max_retries_;
  double timeout_;
  double worker_wait_timeout_;
  std::size_t tasks_per_core_;
  std::filesystem::path files_dir_;    // the run's workqueue/: logs, kept
  std::filesystem::path staging_dir_;  // workqueue/staging/: removed at shutdown
  std::filesystem::path task_dir_;     // staging/tasks/: encoded tasks and results
  TaskTemplate template_;
  Queue queue_;
  int port_ = 0;
  std::unique_ptr<LocalWorkers> local_workers_;

  // Submitted, not yet handed to Work Queue. Guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> pending_;
  bool stopping_ = false;
  bool aborting_ = false;
  bool manager_done_ = false;

  // Owned by the manager thread.
  std::unordered_map<int, InFlight> in_flight_;
  std::uint64_t next_file_ = 1;
  bool just_finished_ = false;
  std::optional<Clock::time_point> workerless_since_;
  Clock::time_point next_waiting_notice_;
  bool gave_up_waiting_ = false;  // until a worker connects, tasks fail at once
  std::string gave_up_reason_;
  int workers_connected_ = 0;
  int workers_lost_ = 0;  // as last logged
  std::vector<std::string> local_worker_endings_;
  // Workers (host:port) still busy killing a task that timed out, until when.
  std::unordered_map<std::string, Clock::time_point> killing_until_;

  std::thread manager_;
  bool shut_down_ = false;
};

}  // namespace taps::workqueue
