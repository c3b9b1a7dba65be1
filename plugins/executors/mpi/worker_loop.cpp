// The worker side: one rank, one thread that makes the MPI calls and runs
// the tasks in the order they came. Batches of tasks arrive ahead of time
// (the client's window); results go back batched while tasks are short, at
// once after a task that took long, and whenever the queue runs dry. A
// short task's result held for its batch waits at most 200 us plus the run
// of the task after it: the price of one message per batch instead of one
// per task.
#include "backoff.hpp"
#include "lifeline.hpp"
#include "messages.hpp"
#include "mpi_executor.hpp"
#include "mpi_runtime.hpp"
#include "outbox.hpp"

#include <taps/buffer.hpp>
#include <taps/error.hpp>

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <string>
#include <thread>
#include <vector>

namespace taps::mpi {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

// A worker waits for its next batch: spin a little (the client answers a
// result with new tasks within tens of microseconds), then yield, then
// sleep up to a millisecond between looks while the app has nothing for it.
constexpr BackoffSteps worker_steps{microseconds(50), microseconds(500), microseconds(50), microseconds(1000)};
// Results are held for a batch only while tasks are this short.
constexpr auto short_task = microseconds(50);
// ... and no result waits longer than this for its batch.
constexpr auto max_hold = microseconds(200);
constexpr std::size_t max_batch_results = 256;
constexpr std::size_t max_batch_bytes = 1u << 20;
constexpr auto lifeline_interval = std::chrono::milliseconds(5);

struct Batch {
  std::vector<std::uint8_t> bytes;
  std::vector<BatchItem> items;  // point into bytes
  std::size_t next = 0;
};

class WorkerRank {
 public:
  WorkerRank(Host host, const taps_worker_host& worker, bool spawned, long launched_rank)
      : host_(host), worker_(worker), spawned_(spawned), launched_rank_(launched_rank) {}

  void run() {
    init_mpi();
    if (spawned_) {
      check(MPI_Comm_get_parent(&comm_), "MPI_Comm_get_parent");
      if (comm_ == MPI_COMM_NULL) {
        throw Error("UsageError", "--spawned: this process was not started by MPI_Comm_spawn");
      }
    } else {
      check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
    }
    check(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
    int rank = 0;
    check(MPI_Comm_rank(comm_, &rank), "MPI_Comm_rank");
    // The client is rank 0 of the launch, or of the spawning side.
    index_ = static_cast<std::uint32_t>(spawned_ ? rank : rank - 1);
    if (!join()) return;
    serve();
  }

 private:
  // Waits for the client's hello, attaches the run when this rank started
  // without one, connects the lifeline and says ready. False when the
  // client said stop first.
  bool join() {
    std::vector<std::uint8_t> message;
    const int tag = next_message(message, true);
    if (tag == Tag::stop) return leave(MessageReader(message.data(), message.size()).u64() != 0);
    if (tag != Tag::hello) throw Error("WireError", "the client's first message is not its hello");
    const Hello hello = read_hello(MessageReader(message.data(), message.size()));
    if (!spawned_) {
      detail::ErrorCapture error;
      const auto sink = error.sink();
      if (worker_.attach_run(host_.get(), hello.config_file.c_str(), hello.config_text.c_str(), &sink) != TAPS_OK) {
        give_up("rank " + std::to_string(launched_rank_) + " on host " + host_name() +
                " cannot attach the run: " + (error.set ? error.message : std::string("attach_run failed")));
      }
    }
    Ready ready;
    ready.pid = static_cast<std::uint64_t>(getpid());
    ready.host = host_name();
    ready.lifeline_error = lifeline_.connect(hello.client_host == ready.host, hello.lifeline_addresses,
                                             static_cast<std::uint16_t>(hello.lifeline_port), index_);
    MessageWriter out;
    write(out, ready);
    check(send_to_client(Tag::ready, std::move(out.bytes())), "MPI_Isend");
    return true;
  }

  void serve() {
    Backoff backoff(worker_steps);
    auto next_lifeline_check = Clock::now();
    for (;;) {
      bool progress = receive();
      if (stop_) {
        leave(abandon_);
        return;
      }
      if (run_next_task()) progress = true;
      check(outbox_.reap(progress), "MPI_Testsome");
      if (Clock::now() >= next_lifeline_check) {
        next_lifeline_check = Clock::now() + lifeline_interval;
        client_alive();
      }
      if (progress) {
        backoff.progress();
      } else if (const auto pause = backoff.idle(); pause.count() > 0) {
        if (lifeline_.connected()) {
          pollfd p{lifeline_.fd(), POLLIN, 0};
          const timespec span{static_cast<time_t>(pause.count() / 1000000),
                              static_cast<long>(pause.count() % 1000000) * 1000};
          if (ppoll(&p, 1, &span, nullptr) > 0) client_alive();
        } else {
          std::this_thread::sleep_for(pause);
        }
      }
    }
  }

  // Takes every message the client has sent; true if there was one.
  bool receive() {
    bool any = false;
    std::vector<std::uint8_t> message;
    for (int tag; (tag = next_message(message, false)) != 0;) {
      any = true;
      if (tag == Tag::tasks) {
        Batch batch;
        batch.bytes = std::move(message);
        read_batch(batch.bytes.data(), batch.bytes.size(), [&](const BatchItem& item) { batch.items.push_back(item); });
        queue_.push_back(std::move(batch));
        message = {};
      } else if (tag == Tag::stop) {
        stop_ = true;
        abandon_ = MessageReader(message.data(), message.size()).u64() != 0;
        return true;
      } else {
        throw Error("WireError", "an unexpected message from the client (tag " + std::to_string(tag) + ")");
      }
    }
    return any;
  }

  // The next message from the client into `message`: its tag, or 0 when
  // there is none and !wait. While waiting, a client that is gone ends the
  // rank.
  int next_message(std::vector<std::uint8_t>& message, bool wait) {
    Backoff backoff(worker_steps);
    for (;;) {
      int flag = 0;
      MPI_Message handle;
      MPI_Status status;
      check(MPI_Improbe(0, MPI_ANY_TAG, comm_, &flag, &handle, &status), "MPI_Improbe");
      if (flag) {
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        message.resize(static_cast<std::size_t>(count));
        check(MPI_Mrecv(message.data(), count, MPI_BYTE, &handle, MPI_STATUS_IGNORE), "MPI_Mrecv");
        return status.MPI_TAG;
      }
      if (!wait) return 0;
      bool progress = false;
      check(outbox_.reap(progress), "MPI_Testsome");
      client_alive();
      if (const auto pause = backoff.idle(); pause.count() > 0) std::this_thread::sleep_for(pause);
    }
  }

  bool run_next_task() {
    while (!queue_.empty() && queue_.front().next == queue_.front().items.size()) queue_.pop_front();
    if (queue_.empty()) {
      flush();
      return false;
    }
    Batch& batch = queue_.front();
    const BatchItem item = batch.items[batch.next++];
    const auto started = Clock::now();
    taps_buffer out{};
    detail::ErrorCapture error;
    const auto sink = error.sink();
    // A task that raises still yields TAPS_OK and a result carrying the
    // exception; an error here means the message itself was unreadable.
    if (worker_.execute_encoded(host_.get(), item.data, item.size, &out, &sink) != TAPS_OK) {
      give_up("rank on host " + host_name() + " cannot read a task: " +
              (error.set ? error.type + ": " + error.message : std::string("execute_encoded failed")));
    }
    const Buffer result(out);
    const auto finished = Clock::now();
    if (results_.count() == 0) {
      results_.start();
      held_since_ = finished;
    }
    results_.add(item.seq, result.data(), result.size());
    const bool more_queued =
        batch.next < batch.items.size() || queue_.size() > 1;
    if (!more_queued || finished - started >= short_task || finished - held_since_ >= max_hold ||
        results_.count() >= max_batch_results || results_.size() >= max_batch_bytes) {
      flush();
    }
    return true;
  }

  void flush() {
    if (results_.count() == 0) return;
    check(send_to_client(Tag::results, results_.take()), "MPI_Isend");
    results_ = BatchWriter();
  }

  int send_to_client(int tag, std::vector<std::uint8_t> bytes) {
    return outbox_.send(comm_, 0, tag, std::move(bytes));
  }

  void client_alive() {
    if (lifeline_.client_gone()) {
      // The client died: nobody will ever stop this rank, and MPI cannot
      // finalize without it.
      throw Error("ClientGone", "the client (rank 0) is gone; this worker rank leaves without MPI_Finalize");
    }
  }

  // Tells the client why this rank gives up, then gives up.
  [[noreturn]] void give_up(const std::string& why) {
    MessageWriter out;
    out.put(why);
    send_to_client(Tag::failed, std::move(out.bytes()));
    const auto until = Clock::now() + std::chrono::seconds(2);
    bool progress = false;
    while (!outbox_.empty() && Clock::now() < until && outbox_.reap(progress) == MPI_SUCCESS) {
      std::this_thread::sleep_for(microseconds(100));
    }
    outbox_.abandon();
    throw Error("MpiWorkerError", why);
  }

  // Stops: with `abandon` (the run lost a rank) at once and without
  // MPI_Finalize, which would wait for the lost rank; otherwise after the
  // last results left, saying bye and finalizing with the others.
  bool leave(bool abandon) {
    if (abandon) {
      outbox_.abandon();
      host_.debug("leaving MPI without MPI_Finalize: the run lost a rank");
      return false;
    }
    flush();
    MessageWriter out;
    out.put(std::uint64_t{0});
    check(send_to_client(Tag::bye, std::move(out.bytes())), "MPI_Isend");
    Backoff backoff(worker_steps);
    while (!outbox_.empty()) {
      bool progress = false;
      check(outbox_.reap(progress), "MPI_Testsome");
      client_alive();
      if (const auto pause = backoff.idle(); pause.count() > 0) std::this_thread::sleep_for(pause);
    }
    if (spawned_) {
      MPI_Comm_disconnect(&comm_);
    } else {
      MPI_Comm_free(&comm_);
    }
    MPI_Finalize();
    return false;
  }

  Host host_;
  const taps_worker_host& worker_;
  bool spawned_;
  long launched_rank_;
  MPI_Comm comm_ = MPI_COMM_NULL;
  std::uint32_t index_ = 0;
  Lifeline lifeline_;
  Outbox outbox_;
  std::deque<Batch> queue_;
  BatchWriter results_;
  Clock::time_point held_since_;
  bool stop_ = false;
  bool abandon_ = false;
};

}  // namespace

void MpiExecutor::worker_main(Host host, const Config&, std::vector<std::string> args) {
  bool spawned = false;
  long launched_rank = -1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--spawned") {
      spawned = true;
    } else if (args[i] == "--launched-rank" && i + 1 < args.size()) {
      launched_rank = std::stol(args[++i]);
    }
  }
  if (spawned == (launched_rank >= 0)) {
    throw Error("UsageError",
                "an mpi worker is a rank started by mpirun (taps-host run under mpirun) or spawned by the mpi "
                "executor (--spawned); it is not started by hand");
  }
  const auto* worker = host.interface<taps_worker_host>(TAPS_INTERFACE_WORKER);
  if (worker == nullptr) throw Error("HostError", "this host cannot execute encoded tasks");
  if (!spawned && (!TAPS_HAS_FIELD(worker, taps_worker_host, attach_run) || worker->attach_run == nullptr)) {
    throw Error("HostError", "this taps-host cannot attach a run to a launched rank (it has no attach_run)");
  }
  WorkerRank(host, *worker, spawned, launched_rank).run();
}

}  // namespace taps::mpi
