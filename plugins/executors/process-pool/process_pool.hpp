// process_pool.hpp — an executor whose workers are separate processes on
// this machine. A task that crashes, aborts, exits or hangs takes down only
// its worker: that task fails with the reason, the worker is replaced, and
// the tasks that were queued on it run elsewhere.
#pragma once

#include "frame.hpp"
#include "receive_buffer.hpp"
#include "task_arena.hpp"
#include "worker_process.hpp"

#include <taps/plugin.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace taps::process_pool {

class ProcessPool {
 public:
  static constexpr PluginInfo info{"process-pool", "0.1.0",
                                   "Pre-started worker processes on this machine, connected by socketpairs and "
                                   "shared memory; isolates crashing tasks."};
  static constexpr taps_option_desc options[] = {
      // Capped at 1024: a typo (99999999) would otherwise fork until the
      // machine's process limit; see docs/robustness.md.
      option::integer("workers", "Worker processes; 0 means one per hardware thread.").defaults("0").min(0).max(1024),
      option::real("timeout", "Seconds a task may run before its worker is killed; 0 means no limit.")
          .defaults("0")
          .min(0)
          .unit("s"),
      option::integer("prefetch",
                      "Tasks sent ahead to each worker, so it never waits for the next one (of those going "
                      "through shared memory, at most 2).")
          .defaults("8")
          .min(1)
          .max(1024),
      option::real("start_timeout", "Seconds to wait for a worker to load its plugins.")
          .defaults("60")
          .min(0.1)
          .unit("s"),
      option::integer("shared_memory",
                      "Shared memory per worker through which tasks of 64 KiB or more reach it (0: all go "
                      "through its socket); pages are used only as tasks fill them.")
          .defaults("256")
          .min(0)
          .max(1 << 20)
          .unit("MiB"),
  };

  ProcessPool(Host host, const Config& config);
  ~ProcessPool();
  void submit(taps_task* task);
  void shutdown(bool wait, bool cancel_pending);
  /// Tasks run in worker processes; with a timeout, overrunning ones are stopped.
  std::uint32_t traits() const {
    return TAPS_EXECUTOR_ISOLATES_TASKS | (timeout_ > 0 ? TAPS_EXECUTOR_TASK_TIMEOUT : 0u);
  }

  /// The worker side, run by the generic worker: `--fd N` names the socket.
  static void worker_main(Host host, const Config& config, std::vector<std::string> args);

 private:
  struct Pending {
    taps_task* task = nullptr;
    Buffer message;                  // empty when encoding is deferred
    std::uint64_t deferred_size = 0;  // a large task encoded later, straight into an arena
  };
  // A task sent (or being sent) to a worker. Its message, in `message` or in
  // the worker's arena at `span`, is kept until the result arrives, so a
  // task queued on a worker that dies can be re-sent.
  struct Sent {
    taps_task* task;
    std::uint64_t seq;
    Buffer message;     // empty when the task went through the arena
    FrameHeader header;
    ArenaSpan span{};   // where the task lies, for a FrameKind::shared_task

    bool in_arena() const { return header.kind == FrameKind::shared_task; }
    /// What follows the header on the socket.
    const std::uint8_t* body() const {
      return in_arena() ? reinterpret_cast<const std::uint8_t*>(&span) : message.data();
    }
  };
  // A result frame too large for a read chunk: its body is received
  // straight into a block of its own, which the engine then keeps (the
  // task's result is a view into it), so this side copies none of it but
  // what arrived with earlier frames (less than a chunk).
  struct LargeResult {
    std::unique_ptr<std::uint8_t[]> data;
    std::uint64_t seq = 0;
    std::uint64_t size = 0;
    std::uint64_t filled = 0;
  };
  struct Slot {
    WorkerProcess process;
    TaskArena arena;                // shared with the worker; empty if shared_memory is 0
    std::deque<Sent> in_flight;     // in the order the worker runs them
    std::size_t write_index = 0;    // in_flight[0, write_index) are fully written
    std::size_t out_offset = 0;     // bytes of in_flight[write_index] already written
    ReceiveBuffer input;            // results read in chunks; small ones are completed from here
    LargeResult large;              // the large result being read, if large.data is set
    std::chrono::steady_clock::time_point head_started;
    bool timed_out = false;
    bool want_write = false;
  };

  std::vector<std::string> worker_command(bool with_arena) const;
  void start_worker(std::size_t index);
  void wait_until_ready(std::size_t index);
  void io_loop();
  void assign_pending();
  Sent prepare_send(Slot& slot, Pending& next);
  Slot* least_loaded_slot(std::size_t queue_limit);
  /// How many tasks a worker may have queued to be given `task`.
  std::size_t queue_limit(const Pending& task) const;
  void flush_output(std::size_t index);
  void read_input(std::size_t index);
  void take_results(std::size_t index);
  static void expect_answer(const Slot& slot, const FrameHeader& header);
  static taps_task* pop_answered(Slot& slot, const FrameHeader& header);
  void worker_died(std::size_t index);
  void fail_everything(const char* type, const std::string& why);
  bool has_free_slot() const;
  void check_timeouts();
  int next_timeout_ms() const;
  void update_interest(std::size_t index);
  void wake_io();

  Host host_;
  ExecutorHost tasks_;
  std::size_t worker_count_;
  double timeout_;
  std::size_t prefetch_;
  double start_timeout_;
  std::size_t arena_bytes_;
  bool encode_into_;  // the host can encode a task straight into an arena
  std::string worker_program_;
  std::string plugin_path_;
  std::string config_file_;

  // Submitted, not yet sent to a worker. Guarded by pending_mutex_.
  std::mutex pending_mutex_;
  std::deque<Pending> pending_;
  std::atomic<bool> io_sleeping_{false};

  // Owned by the I/O thread once it runs.
  std::vector<Slot> slots_;
  std::uint64_t next_seq_ = 1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int failed_starts_ = 0;
  std::string broken_;  // set when workers cannot be started: fail everything

  std::atomic<bool> stopping_{false};
  std::atomic<bool> aborting_{false};  // shutdown without waiting
  bool io_done_ = false;  // guarded by pending_mutex_
  std::atomic<std::size_t> outstanding_{0};  // submitted and not yet finished
  std::mutex idle_mutex_;
  std::condition_variable idle_cv_;
  std::thread io_thread_;
  bool shut_down_ = false;
};

}  // namespace taps::process_pool
