// client.hpp — rank 0 of the mpi executor: one communication thread that
// makes every MPI call of the process.
//
// Why one thread: MPI_THREAD_FUNNELED costs no locks inside MPI, and the
// thread batches naturally: whatever the app submitted since its last round
// goes to a rank as one message, and each rank's results come back batched
// the same way. submit() only queues and, when the thread sleeps, wakes it.
#pragma once

#include "backoff.hpp"
#include "lifeline.hpp"
#include "messages.hpp"
#include "outbox.hpp"

#include <taps/plugin.hpp>

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace taps::mpi {

struct ClientOptions {
  std::size_t workers = 0;  // ranks to spawn; under a launcher 0 or their number
  std::string hostfile;
  bool oversubscribe = true;
  std::size_t window = 32;
  double start_timeout = 60;
  double stop_timeout = 10;
  std::string worker_program;  // from taps.run/1
  std::string plugin_path;
  std::string config_file;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  /// Starts MPI and the worker ranks on a new communication thread and
  /// returns once every rank joined the run. Throws taps::Error with the
  /// reason when they cannot, or do not within start_timeout.
  static std::shared_ptr<Client> start(Host host, ClientOptions options);

  Client(Host host, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// [any-thread] Queues a task for a worker rank; throws once the run lost
  /// a rank or is shutting down.
  void submit(taps_task* task);
  /// [main-thread] Finishes or cancels the tasks, stops the ranks, leaves
  /// MPI, and joins the communication thread.
  void shutdown(bool wait, bool cancel_pending);

 private:
  struct Pending {
    taps_task* task;
    Buffer message;
  };
  struct Sent {
    taps_task* task;
    std::uint64_t seq;
  };
  struct Rank {
    int mpi_rank = 0;  // in comm_
    std::uint64_t pid = 0;
    std::string host;
    std::deque<Sent> in_flight;  // in the order the rank runs them
    bool ready = false;
    bool alive = true;
    bool stopped = false;  // said bye
    bool discarding = false;  // its tasks were cancelled; drop their results
  };
  enum class StartState { starting, started, failed };

  void thread_main();
  void start_ranks();
  void spawn_ranks();
  void join_launch(int world_size);
  void await_ready();
  void serve();
  void finish();
  void abandon_mpi(const std::string& why);

  bool dispatch();
  /// Starts sending a message to a rank; returns MPI's code.
  int send_to(std::size_t index, int tag, std::vector<std::uint8_t> bytes);
  bool receive();
  void handle(std::size_t index, int tag, const std::uint8_t* data, std::size_t size);
  void check_lifelines();
  void lose(std::size_t index, const std::string& what);
  /// Fails the tasks still in flight on other ranks after a loss, once
  /// straggler_grace passed or `now`.
  void fail_stragglers(bool now);
  void cancel_in_flight();
  void mpi_failed(const char* call, int code);
  /// Sleeps until a submit or a lifeline's end, or `timeout`
  /// (unless `forever`); true when woken before the timeout.
  bool sleep_for(std::chrono::microseconds timeout, bool forever);
  std::string describe(std::size_t index) const;
  std::size_t in_flight() const { return in_flight_count_; }

  void wake();
  void refuse(const char* type, std::string why);
  void fail_pending(const char* type, const std::string& why);

  Host host_;
  ExecutorHost tasks_;
  ClientOptions options_;

  // Shared with submitters. Guarded by mutex_.
  std::mutex mutex_;
  std::deque<Pending> pending_;
  std::string refuse_type_;  // set: submit() throws with refuse_reason_
  std::string refuse_reason_;
  bool stop_requested_ = false;
  bool stop_waits_ = true;
  std::atomic<bool> sleeping_{false};
  int wake_fd_ = -1;

  // Start-up handshake with create().
  std::condition_variable start_cv_;
  StartState start_state_ = StartState::starting;
  std::string start_type_;
  std::string start_error_;
  std::atomic<bool> abandoned_{false};  // create() gave up on this thread

  // The communication thread's own.
  bool by_launcher_ = false;
  bool mpi_up_ = false;
  bool alone_ = false;  // no other rank in MPI at all
  MPI_Comm comm_ = MPI_COMM_NULL;
  std::vector<Rank> ranks_;
  std::optional<LifelineListener> lifelines_;
  Outbox outbox_;
  std::vector<std::uint8_t> inbox_;
  std::uint64_t next_seq_ = 1;
  std::size_t in_flight_count_ = 0;
  std::size_t round_robin_ = 0;
  bool lost_ = false;  // a rank died or MPI failed: the job cannot go on
  std::string loss_;
  std::chrono::steady_clock::time_point lost_at_;
  std::chrono::steady_clock::time_point next_lifeline_check_;
  bool cancelled_ = false;

  std::thread thread_;
};

}  // namespace taps::mpi
