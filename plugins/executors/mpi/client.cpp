#include "client.hpp"

#include "mpi_runtime.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace taps::mpi {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

// The client's wait for results: spin briefly (a no-op task's result comes
// back within tens of microseconds), then yield, then sleep up to half a
// millisecond between looks, which bounds what a long task's result waits.
constexpr BackoffSteps client_steps{microseconds(30), microseconds(300), microseconds(20), microseconds(500)};
// How often a busy client looks at the lifelines.
constexpr auto lifeline_interval = std::chrono::milliseconds(5);
// After a rank is lost, how long the other ranks' tasks may still report
// before they fail too: the launcher ends the remaining ranks meanwhile.
constexpr auto straggler_grace = std::chrono::seconds(2);
// One message carries at most this much of a batch (a larger task goes alone).
constexpr std::size_t batch_bytes = 8u << 20;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("ConfigError", "cannot read the run's config file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out << seconds;
  return out.str();
}

}  // namespace

// ---- start ---------------------------------------------------------------------

std::shared_ptr<Client> Client::start(Host host, ClientOptions options) {
  auto client = std::make_shared<Client>(host, std::move(options));
  // The thread holds the client too: if it must be left blocked inside MPI
  // (MPI_Comm_spawn waits forever for a worker that died before joining),
  // what it touches stays alive.
  client->thread_ = std::thread([self = client] { self->thread_main(); });
  std::unique_lock lock(client->mutex_);
  // The thread bounds every wait of its own by start_timeout; only a call
  // that blocks inside MPI can outlast it.
  const auto deadline = Clock::now() + std::chrono::duration<double>(client->options_.start_timeout + 2.0);
  if (!client->start_cv_.wait_until(lock, deadline,
                                    [&] { return client->start_state_ != StartState::starting; })) {
    client->abandoned_ = true;
    lock.unlock();
    client->thread_.detach();
    throw Error("MpiStartError",
                "the worker ranks did not start within " + seconds_text(client->options_.start_timeout) +
                    " s: MPI is still waiting for them. A worker that exits before it joins MPI (its error is in "
                    "the output above: a missing program, plugin or file on its host) looks like this to MPI, "
                    "which cannot tell it from a slow start; so does a host that cannot be reached");
  }
  if (client->start_state_ == StartState::failed) {
    const std::string type = client->start_type_, why = client->start_error_;
    lock.unlock();
    client->thread_.join();
    throw Error(type, why);
  }
  return client;
}

Client::Client(Host host, ClientOptions options) : host_(host), tasks_(host), options_(std::move(options)) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw Error("SystemError", std::string("eventfd: ") + std::strerror(errno));
}

Client::~Client() {
  if (wake_fd_ >= 0) close(wake_fd_);
}

void Client::thread_main() {
  try {
    start_ranks();
  } catch (const std::exception& e) {
    const auto* error = dynamic_cast<const Error*>(&e);
    if (!abandoned_) {
      // Alone in MPI (a launch of one rank), finalizing waits for nobody;
      // with other ranks about, it could wait forever.
      if (mpi_up_ && alone_) {
        MPI_Finalize();
      } else if (mpi_up_) {
        abandon_mpi(e.what());
      }
      std::lock_guard lock(mutex_);
      start_type_ = error != nullptr ? error->type() : "MpiStartError";
      start_error_ = e.what();
      start_state_ = StartState::failed;
    }
    start_cv_.notify_all();
    return;
  }
  if (abandoned_) return;  // create() gave up; nobody may be called any more
  {
    std::lock_guard lock(mutex_);
    start_state_ = StartState::started;
  }
  start_cv_.notify_all();
  serve();
  finish();
}

void Client::start_ranks() {
  const Launch launch = detect_launch();
  by_launcher_ = launch.by_launcher;
  // What can be checked before MPI starts is: a failing MPI_Init ends the
  // whole process.
  if (!by_launcher_) {
    if (options_.workers == 0) {
      throw Error("ConfigError",
                  "the mpi executor has no worker ranks: set how many to spawn (--engine.executor.workers N), or "
                  "start taps-host under mpirun with one rank more than the workers you want "
                  "(mpirun -np N+1 taps-host run ...)");
    }
    check_singleton_runtime();
    if (access(options_.worker_program.c_str(), X_OK) != 0) {
      throw Error("MpiStartError", "the worker program " + options_.worker_program + " cannot be run");
    }
  }
  init_mpi();
  mpi_up_ = true;
  int world_size = 1;
  check(MPI_Comm_size(MPI_COMM_WORLD, &world_size), "MPI_Comm_size");
  if (by_launcher_) {
    join_launch(world_size);
  } else {
    spawn_ranks();
  }
  if (abandoned_) return;
  check(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  await_ready();
}

void Client::join_launch(int world_size) {
  if (world_size < 2) {
    alone_ = true;
    throw Error("ConfigError",
                "taps-host was started by a parallel launcher with a single rank: there are no worker ranks. "
                "Start one rank more than the workers you want (mpirun -np N+1 taps-host run ...), or start "
                "taps-host without mpirun and set --engine.executor.workers N to spawn them");
  }
  const auto workers = static_cast<std::size_t>(world_size - 1);
  if (options_.workers != 0 && options_.workers != workers) {
    throw Error("ConfigError", "the launch has " + std::to_string(workers) + " worker ranks but workers = " +
                                   std::to_string(options_.workers) +
                                   "; under mpirun the launch's ranks are the workers: drop the option or make "
                                   "them agree (mpirun -np " + std::to_string(options_.workers + 1) + ")");
  }
  int rank = -1;
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank), "MPI_Comm_rank");
  if (rank != 0) throw Error("MpiError", "the client must be rank 0, this is rank " + std::to_string(rank));
  check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
  ranks_.resize(workers);
  for (std::size_t i = 0; i < workers; ++i) ranks_[i].mpi_rank = static_cast<int>(i) + 1;
  host_.info("using the " + std::to_string(workers) + " worker ranks of the launch");
}

void Client::spawn_ranks() {
  std::vector<std::string> args;
  for (const auto& dir : plugin_path_directories(options_.plugin_path)) {
    args.push_back("--plugin-path");
    args.push_back(dir);
  }
  for (const char* arg : {"worker", "--config"}) args.emplace_back(arg);
  args.push_back(options_.config_file);
  for (const char* arg : {"--", "--spawned"}) args.emplace_back(arg);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  MPI_Info info = MPI_INFO_NULL;
  check(MPI_Info_create(&info), "MPI_Info_create");
  // Without oversubscription Open MPI refuses more ranks than cores, and the
  // client already takes one.
  if (options_.oversubscribe) MPI_Info_set(info, "map_by", "slot:OVERSUBSCRIBE");
  if (!options_.hostfile.empty()) MPI_Info_set(info, "add-hostfile", options_.hostfile.c_str());
  const int count = static_cast<int>(options_.workers);
  std::vector<int> codes(options_.workers, MPI_SUCCESS);
  host_.debug("spawning " + std::to_string(count) + " worker ranks: " + options_.worker_program);
  const int code = MPI_Comm_spawn(options_.worker_program.c_str(), argv.data(), count, info, 0, MPI_COMM_SELF,
                                  &comm_, codes.data());
  MPI_Info_free(&info);
  if (abandoned_) return;
  check(code, "MPI_Comm_spawn");
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] != MPI_SUCCESS) {
      throw Error("MpiStartError", "worker rank " + std::to_string(i) + " could not be spawned: " + error_text(codes[i]));
    }
  }
  ranks_.resize(options_.workers);
  for (std::size_t i = 0; i < ranks_.size(); ++i) ranks_[i].mpi_rank = static_cast<int>(i);
}

void Client::await_ready() {
  // Spawned ranks on this host reach the client over loopback; a launch or
  // a hostfile may put them anywhere.
  lifelines_.emplace(!by_launcher_ && options_.hostfile.empty());
  Hello hello;
  hello.config_file = options_.config_file;
  hello.config_text = read_text(options_.config_file);
  hello.client_host = host_name();
  hello.lifeline_port = lifelines_->port();
  hello.lifeline_addresses = lifelines_->addresses();
  for (const auto& rank : ranks_) {
    MessageWriter out;
    write(out, hello);
    check(outbox_.send(comm_, rank.mpi_rank, Tag::hello, std::move(out.bytes())), "MPI_Isend");
  }
  const auto deadline = Clock::now() + std::chrono::duration<double>(options_.start_timeout);
  Backoff backoff(client_steps);
  std::size_t ready = 0;
  while (ready < ranks_.size()) {
    bool progress = false;
    check(outbox_.reap(progress), "MPI_Testsome");
    int flag = 0;
    MPI_Message message;
    MPI_Status status;
    check(MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &flag, &message, &status), "MPI_Improbe");
    if (flag) {
      int count = 0;
      MPI_Get_count(&status, MPI_BYTE, &count);
      inbox_.resize(static_cast<std::size_t>(count));
      check(MPI_Mrecv(inbox_.data(), count, MPI_BYTE, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
      const std::size_t index = static_cast<std::size_t>(status.MPI_SOURCE - ranks_.front().mpi_rank);
      if (index >= ranks_.size()) throw Error("MpiError", "a message from an unknown rank");
      Rank& rank = ranks_[index];
      if (status.MPI_TAG == Tag::failed) {
        throw Error("MpiStartError", "worker rank " + std::to_string(rank.mpi_rank) + " could not join the run: " +
                                         MessageReader(inbox_.data(), inbox_.size()).text());
      }
      if (status.MPI_TAG != Tag::ready || rank.ready) throw Error("MpiError", "an unexpected message at start");
      const Ready said = read_ready(MessageReader(inbox_.data(), inbox_.size()));
      rank.pid = said.pid;
      rank.host = said.host;
      rank.ready = true;
      ++ready;
      if (!said.lifeline_error.empty()) {
        host_.warning(describe(index) + " has no lifeline to the client (" + said.lifeline_error +
                      "): if it dies, its tasks wait until the launcher ends the job");
      }
      progress = true;
    }
    while (lifelines_->accept_one(ranks_.size()) >= 0) progress = true;
    if (Clock::now() > deadline) {
      std::string missing;
      for (const auto& rank : ranks_) {
        if (!rank.ready) missing += (missing.empty() ? "" : ", ") + std::to_string(rank.mpi_rank);
      }
      throw Error("MpiStartError", "worker ranks " + missing + " did not join the run within " +
                                       seconds_text(options_.start_timeout) + " s");
    }
    if (progress) {
      backoff.progress();
    } else if (const auto pause = backoff.idle(); pause.count() > 0) {
      pollfd p{lifelines_->listen_fd(), POLLIN, 0};
      const timespec timeout{0, static_cast<long>(pause.count()) * 1000};
      ppoll(&p, 1, &timeout, nullptr);
    }
  }
  // Every rank connects its lifeline before it says ready; take the last
  // connections, then a rank without one has already died.
  while (lifelines_->accept_one(ranks_.size()) >= 0) {
  }
  lifelines_->stop_listening();
  std::string hosts;
  for (std::size_t i = 0; i < ranks_.size(); ++i) hosts += (i == 0 ? "" : ", ") + describe(i);
  host_.info(std::to_string(ranks_.size()) + " worker ranks joined the run: " + hosts);
  next_lifeline_check_ = Clock::now();
}

// ---- submit ------------------------------------------------------------------

void Client::submit(taps_task* task) {
  Buffer message = tasks_.encode(task);
  {
    std::lock_guard lock(mutex_);
    if (!refuse_type_.empty()) throw Error(refuse_type_, refuse_reason_);
    pending_.push_back({task, std::move(message)});
  }
  wake();
}

void Client::wake() {
  // Only a sleeping thread needs the system call.
  if (sleeping_.exchange(false)) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
}

void Client::refuse(const char* type, std::string why) {
  std::lock_guard lock(mutex_);
  if (refuse_type_.empty()) {
    refuse_type_ = type;
    refuse_reason_ = std::move(why);
  }
}

void Client::fail_pending(const char* type, const std::string& why) {
  std::deque<Pending> failed;
  {
    std::lock_guard lock(mutex_);
    failed.swap(pending_);
  }
  for (auto& p : failed) tasks_.fail(p.task, type, why);
}

// ---- the loop ------------------------------------------------------------------

void Client::serve() {
  Backoff backoff(client_steps);
  for (;;) {
    bool progress = dispatch();
    progress |= receive();
    if (!lost_) {
      const int code = outbox_.reap(progress);
      if (code != MPI_SUCCESS) mpi_failed("MPI_Testsome", code);
    }
    if (Clock::now() >= next_lifeline_check_) check_lifelines();
    if (lost_) fail_stragglers(false);

    bool stopping, waits, idle_queue;
    {
      std::lock_guard lock(mutex_);
      stopping = stop_requested_;
      waits = stop_waits_;
      idle_queue = pending_.empty();
    }
    if (stopping && !waits && !cancelled_) cancel_in_flight();
    if (stopping && lost_) {
      // Every task is finished exactly once, also those of ranks that
      // outlived the lost one: the run is over, they will not report.
      fail_stragglers(true);
      return;
    }
    if (stopping && idle_queue && in_flight() == 0) return;

    if (progress) {
      backoff.progress();
      continue;
    }
    // Nothing in flight: nothing can arrive but a submit, a stop or a dying
    // rank, all of which wake the thread.
    if (in_flight() == 0 && idle_queue) {
      sleep_for(microseconds(0), true);
      backoff.progress();
    } else if (const auto pause = backoff.idle(); pause.count() > 0) {
      // Woken by a submit: look eagerly again.
      if (sleep_for(pause, false)) backoff.progress();
    }
  }
}

bool Client::sleep_for(microseconds timeout, bool forever) {
  sleeping_.store(true);
  {
    // Look once more after announcing sleep, so a submit cannot slip by.
    std::lock_guard lock(mutex_);
    if (!pending_.empty() || stop_requested_) {
      sleeping_.store(false);
      return true;
    }
  }
  std::vector<pollfd> fds{{wake_fd_, POLLIN, 0}};
  for (int fd : lifelines_->fds()) {
    if (fd >= 0) fds.push_back({fd, POLLIN, 0});
  }
  const timespec span{static_cast<time_t>(timeout.count() / 1000000), static_cast<long>(timeout.count() % 1000000) * 1000};
  const int n = ppoll(fds.data(), fds.size(), forever ? nullptr : &span, nullptr);
  sleeping_.store(false);
  if (n > 0) {
    std::uint64_t count;
    [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &count, sizeof count);
    for (std::size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents != 0) next_lifeline_check_ = Clock::now();
    }
  }
  return n > 0;
}

bool Client::dispatch() {
  if (lost_) return false;
  std::size_t room = 0;
  for (const auto& rank : ranks_) {
    if (rank.alive && !rank.discarding && rank.in_flight.size() < options_.window) {
      room += options_.window - rank.in_flight.size();
    }
  }
  if (room == 0) return false;
  std::deque<Pending> taken;
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return false;
    while (!pending_.empty() && taken.size() < room) {
      taken.push_back(std::move(pending_.front()));
      pending_.pop_front();
    }
  }
  std::vector<BatchWriter> batches(ranks_.size());
  auto send = [&](std::size_t index) {
    const int code = send_to(index, Tag::tasks, batches[index].take());
    if (code != MPI_SUCCESS) mpi_failed("MPI_Isend", code);
    batches[index] = BatchWriter();
  };
  for (auto& next : taken) {
    if (lost_) {
      tasks_.fail(next.task, "MpiRankLost", loss_);
      continue;
    }
    if (next.message.size() + 64 > max_message_bytes) {
      tasks_.fail(next.task, "MessageTooLarge",
                  "task " + std::string(tasks_.task_id(next.task)) + " encodes to " +
                      std::to_string(next.message.size()) +
                      " bytes, more than one MPI message carries (2 GiB); move its data with a transformer");
      continue;
    }
    // The rank with the fewest tasks in flight, the next in turn on a tie,
    // so that ranks share a burst evenly.
    std::size_t best = ranks_.size();
    for (std::size_t k = 0; k < ranks_.size(); ++k) {
      const std::size_t i = (round_robin_ + k) % ranks_.size();
      const Rank& rank = ranks_[i];
      if (!rank.alive || rank.discarding || rank.in_flight.size() >= options_.window) continue;
      if (best == ranks_.size() || rank.in_flight.size() < ranks_[best].in_flight.size()) best = i;
    }
    round_robin_ = (best + 1) % ranks_.size();
    BatchWriter& batch = batches[best];
    if (batch.count() > 0 && batch.size() + next.message.size() > batch_bytes) send(best);
    if (batch.count() == 0) batch.start();
    const std::uint64_t seq = next_seq_++;
    batch.add(seq, next.message.data(), next.message.size());
    ranks_[best].in_flight.push_back({next.task, seq});
    ++in_flight_count_;
  }
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    if (batches[i].count() > 0 && !lost_) send(i);
  }
  return true;
}

int Client::send_to(std::size_t index, int tag, std::vector<std::uint8_t> bytes) {
  return outbox_.send(comm_, ranks_[index].mpi_rank, tag, std::move(bytes));
}

bool Client::receive() {
  if (lost_ && in_flight() == 0) return false;
  bool any = false;
  // Bounded, so that dispatch gets its turn under a stream of results.
  for (int round = 0; round < 64; ++round) {
    int flag = 0;
    MPI_Message message;
    MPI_Status status;
    int code = MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &flag, &message, &status);
    if (code != MPI_SUCCESS) {
      mpi_failed("MPI_Improbe", code);
      return any;
    }
    if (!flag) break;
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    inbox_.resize(static_cast<std::size_t>(count));
    code = MPI_Mrecv(inbox_.data(), count, MPI_BYTE, &message, MPI_STATUS_IGNORE);
    if (code != MPI_SUCCESS) {
      mpi_failed("MPI_Mrecv", code);
      return any;
    }
    any = true;
    const std::size_t index = static_cast<std::size_t>(status.MPI_SOURCE - ranks_.front().mpi_rank);
    if (index >= ranks_.size()) {
      host_.error("a message from unknown rank " + std::to_string(status.MPI_SOURCE) + " was dropped");
      continue;
    }
    handle(index, status.MPI_TAG, inbox_.data(), inbox_.size());
  }
  return any;
}

void Client::handle(std::size_t index, int tag, const std::uint8_t* data, std::size_t size) {
  Rank& rank = ranks_[index];
  try {
    switch (tag) {
      case Tag::results:
        read_batch(data, size, [&](const BatchItem& item) {
          if (rank.in_flight.empty() || rank.in_flight.front().seq != item.seq) {
            if (rank.discarding || !rank.alive) return;  // its task was already failed
            throw WireError("a result for a task the rank was not running");
          }
          taps_task* task = rank.in_flight.front().task;
          rank.in_flight.pop_front();
          --in_flight_count_;
          // May submit the task's children from this thread: nothing is locked.
          tasks_.complete_encoded(task, item.data, item.size);
        });
        break;
      case Tag::failed:
        lose(index, "failed: " + MessageReader(data, size).text());
        break;
      case Tag::bye:
        rank.stopped = true;
        break;
      default:
        throw WireError("an unexpected message (tag " + std::to_string(tag) + ")");
    }
  } catch (const WireError& e) {
    lose(index, std::string("sent a malformed message (") + e.what() + ")");
  }
}

void Client::check_lifelines() {
  next_lifeline_check_ = Clock::now() + lifeline_interval;
  const auto& fds = lifelines_->fds();
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    if (i < fds.size() && fds[i] >= 0 && ranks_[i].alive && peer_closed(fds[i])) lose(i, "died");
  }
}

std::string Client::describe(std::size_t index) const {
  const Rank& rank = ranks_[index];
  std::string text = (by_launcher_ ? "rank " : "spawned rank ") + std::to_string(rank.mpi_rank);
  if (rank.ready) text += " (pid " + std::to_string(rank.pid) + " on host " + rank.host + ")";
  return text;
}

void Client::lose(std::size_t index, const std::string& what) {
  Rank& rank = ranks_[index];
  if (!rank.alive) return;
  rank.alive = false;
  lifelines_->close_worker(index);
  const std::string who = describe(index);
  if (!lost_) {
    lost_ = true;
    lost_at_ = Clock::now();
    loss_ = "the run lost " + who + ", which " + what + "; MPI cannot continue after a lost rank";
    host_.error(loss_ + ": failing its tasks and refusing new ones");
    refuse("MpiRankLost", loss_);
    fail_pending("MpiRankLost", loss_);
  } else {
    host_.warning(who + " " + what);
  }
  for (const auto& sent : rank.in_flight) {
    tasks_.fail(sent.task, "MpiRankLost",
                who + " " + what + " while running task " + tasks_.task_id(sent.task) + " (" +
                    tasks_.task_name(sent.task) + "); MPI cannot continue after a lost rank");
  }
  in_flight_count_ -= rank.in_flight.size();
  rank.in_flight.clear();
}

void Client::mpi_failed(const char* call, int code) {
  if (lost_) return;
  lost_ = true;
  lost_at_ = Clock::now();
  loss_ = std::string(call) + " failed: " + error_text(code) + "; MPI cannot continue";
  host_.error(loss_);
  refuse("MpiError", loss_);
  fail_pending("MpiError", loss_);
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    for (const auto& sent : ranks_[i].in_flight) tasks_.fail(sent.task, "MpiError", loss_);
    ranks_[i].in_flight.clear();
  }
  in_flight_count_ = 0;
}

void Client::fail_stragglers(bool now) {
  if (in_flight() == 0 || (!now && Clock::now() - lost_at_ < straggler_grace)) return;
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    for (const auto& sent : ranks_[i].in_flight) {
      tasks_.fail(sent.task, "MpiRankLost",
                  loss_ + "; " + describe(i) + " was still running task " + tasks_.task_id(sent.task));
    }
    ranks_[i].in_flight.clear();
  }
  in_flight_count_ = 0;
}

void Client::cancel_in_flight() {
  cancelled_ = true;
  for (auto& rank : ranks_) {
    for (const auto& sent : rank.in_flight) {
      tasks_.fail(sent.task, "CancelledError", "the mpi executor shut down without waiting for the task");
    }
    in_flight_count_ -= rank.in_flight.size();
    rank.in_flight.clear();
    rank.discarding = true;
  }
}

// ---- stop ----------------------------------------------------------------------

void Client::shutdown(bool wait, bool cancel_pending) {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    if (refuse_type_.empty()) {
      refuse_type_ = "ShutdownError";
      refuse_reason_ = "the mpi executor is shutting down";
    }
    stop_requested_ = true;
    stop_waits_ = wait;
  }
  if (cancel_pending || !wait) fail_pending("CancelledError", "the mpi executor shut down before the task started");
  sleeping_.store(true);
  wake();
  thread_.join();
}

void Client::finish() {
  if (lost_) {
    abandon_mpi(loss_);
    return;
  }
  // Every rank is told to stop, says bye once its sends are done, and then
  // all meet in MPI_Finalize; a rank that does not answer in time (a task
  // that still runs after a cancel) is left to the launcher.
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    MessageWriter out;
    out.put(std::uint64_t{0});
    const int code = send_to(i, Tag::stop, std::move(out.bytes()));
    if (code != MPI_SUCCESS) {
      abandon_mpi(std::string("MPI_Isend failed: ") + error_text(code));
      return;
    }
  }
  const auto deadline = Clock::now() + std::chrono::duration<double>(options_.stop_timeout);
  Backoff backoff(client_steps);
  for (;;) {
    bool progress = receive();
    if (!lost_) {
      const int code = outbox_.reap(progress);
      if (code != MPI_SUCCESS) mpi_failed("MPI_Testsome", code);
    }
    check_lifelines();
    if (lost_) {
      abandon_mpi(loss_);
      return;
    }
    bool all = outbox_.empty();
    for (const auto& rank : ranks_) all = all && rank.stopped;
    if (all) break;
    if (Clock::now() > deadline) {
      abandon_mpi("the worker ranks did not stop within " + seconds_text(options_.stop_timeout) + " s");
      return;
    }
    if (progress) {
      backoff.progress();
    } else if (const auto pause = backoff.idle(); pause.count() > 0) {
      std::this_thread::sleep_for(pause);
    }
  }
  if (by_launcher_) {
    MPI_Comm_free(&comm_);
  } else {
    MPI_Comm_disconnect(&comm_);
  }
  MPI_Finalize();
  host_.debug("the worker ranks stopped and MPI finalized");
}

void Client::abandon_mpi(const std::string& why) {
  // MPI_Finalize waits for every rank, and a lost one never comes: leave MPI
  // as it is. When this process ends, the launcher (mpirun, or the daemon
  // that spawned the workers) ends the remaining ranks. Tell the live ranks
  // first, so that they do not wait for tasks.
  if (comm_ != MPI_COMM_NULL) {
    for (std::size_t i = 0; i < ranks_.size(); ++i) {
      if (!ranks_[i].alive) continue;
      MessageWriter out;
      out.put(std::uint64_t{1});
      send_to(i, Tag::stop, std::move(out.bytes()));
    }
    // A moment for those messages to leave; none is waited for.
    const auto until = Clock::now() + std::chrono::milliseconds(200);
    bool progress = false;
    while (!outbox_.empty() && Clock::now() < until) {
      if (outbox_.reap(progress) != MPI_SUCCESS) break;
      std::this_thread::sleep_for(microseconds(200));
    }
    outbox_.abandon();
  }
  host_.warning("leaving MPI without MPI_Finalize: " + why);
}

}  // namespace taps::mpi
