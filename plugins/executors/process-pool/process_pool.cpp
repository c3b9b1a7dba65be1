#include "process_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace taps::process_pool {

namespace {

constexpr std::uint64_t wake_token = UINT64_MAX;
// Consecutive workers that die before running anything: the worker command
// itself is broken (missing plugin, bad config), so stop retrying.
constexpr int max_failed_starts = 3;

// Results are read in chunks of this size, so many small ones come in with
// one recv; a result frame larger than this is received into a block of its
// own (see LargeResult).
constexpr std::size_t result_read_chunk = 64 * 1024;

// Tasks at least this large go through the worker's arena when it has room;
// smaller ones are cheaper through the socket, with other frames in one write.
constexpr std::size_t arena_min_task = 64 * 1024;

// A task going through the arena is given to a worker only while that
// worker has fewer tasks than this (one running, one ready): its transfer is
// a copy made when it is given, so sending it further ahead gains nothing,
// and it would wait behind whatever long tasks are queued on that worker
// while another worker sat idle. (Tiled Cholesky, n=4096, b=512: 0.93-0.95 s
// with 2, 1.03-1.05 s with 8.) Small tasks keep `prefetch`.
constexpr std::size_t arena_task_queue = 2;

/// Bytes of our own as a Buffer (a received result handed to the engine, a
/// task taken back out of a dead worker's arena).
Buffer hand_over(std::unique_ptr<std::uint8_t[]> data, std::uint64_t size, const char* type) {
  std::uint8_t* bytes = data.release();
  return Buffer(taps_buffer{sizeof(taps_buffer), type, bytes, size, bytes,
                            [](void* owner) { delete[] static_cast<std::uint8_t*>(owner); }});
}

}  // namespace

ProcessPool::ProcessPool(Host host, const Config& config)
    : host_(host),
      tasks_(host),
      worker_count_(static_cast<std::size_t>(config.get_int("workers"))),
      timeout_(config.get_double("timeout")),
      prefetch_(static_cast<std::size_t>(config.get_int("prefetch"))),
      start_timeout_(config.get_double("start_timeout")),
      arena_bytes_(static_cast<std::size_t>(config.get_int("shared_memory")) << 20),
      encode_into_(tasks_.can_encode_into()) {
  if (worker_count_ == 0) worker_count_ = std::max(1u, std::thread::hardware_concurrency());
  const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  if (run == nullptr || !TAPS_HAS_FIELD(run, taps_run_info, config_file) || run->worker_program == nullptr ||
      run->config_file == nullptr) {
    throw Error("ConfigError", "process-pool needs a host that can start workers (run it under taps-host run)");
  }
  worker_program_ = run->worker_program;
  plugin_path_ = run->plugin_path != nullptr ? run->plugin_path : "";
  config_file_ = run->config_file;

  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw Error("SystemError", std::string("epoll/eventfd: ") + std::strerror(errno));
  epoll_event wake{EPOLLIN, {}};
  wake.data.u64 = wake_token;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);

  slots_.resize(worker_count_);
  try {
    // Start all, then wait for all: plugin loading overlaps across workers.
    for (std::size_t i = 0; i < slots_.size(); ++i) start_worker(i);
    for (std::size_t i = 0; i < slots_.size(); ++i) wait_until_ready(i);
  } catch (...) {
    for (auto& slot : slots_) slot.process.reap(0);
    close(epoll_fd_);
    close(wake_fd_);
    throw;
  }
  host_.info("started " + std::to_string(slots_.size()) + " worker processes");
  io_thread_ = std::thread([this] { io_loop(); });
}

ProcessPool::~ProcessPool() {
  shutdown(false, true);
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

std::vector<std::string> ProcessPool::worker_command(bool with_arena) const {
  std::vector<std::string> argv{worker_program_};
  for (const auto& dir : plugin_path_directories(plugin_path_)) {
    argv.push_back("--plugin-path");
    argv.push_back(dir);
  }
  for (const char* arg : {"worker", "--config"}) argv.emplace_back(arg);
  argv.push_back(config_file_);
  for (const char* arg : {"--", "--fd", "3"}) argv.emplace_back(arg);
  if (with_arena) {
    argv.emplace_back("--arena-fd");
    argv.emplace_back(std::to_string(WorkerProcess::extra_fd));
  }
  return argv;
}

void ProcessPool::start_worker(std::size_t index) {
  Slot& slot = slots_[index];
  // A new arena per worker process: one that died may have left it in any state.
  slot.arena = arena_bytes_ > 0 ? TaskArena::create(arena_bytes_) : TaskArena();
  slot.process = WorkerProcess::spawn(worker_command(static_cast<bool>(slot.arena)), slot.arena.fd());
  slot.in_flight.clear();
  slot.write_index = 0;
  slot.out_offset = 0;
  slot.input.clear();
  slot.large = LargeResult{};
  slot.timed_out = false;
  slot.want_write = false;
}

void ProcessPool::wait_until_ready(std::size_t index) {
  Slot& slot = slots_[index];
  FrameHeader header{};
  std::size_t got = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(start_timeout_);
  while (got < sizeof header) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{slot.process.fd(), POLLIN, 0};
    int ready = left.count() > 0 ? poll(&p, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      pid_t pid = slot.process.pid();
      slot.process.reap(0);  // kills it; the slot has no worker now
      throw Error("WorkerStartError", "worker process " + std::to_string(pid) + " did not start within " +
                                          std::to_string(start_timeout_) + " s");
    }
    ssize_t n = recv(slot.process.fd(), reinterpret_cast<char*>(&header) + got, sizeof header - got, 0);
    if (n <= 0) {
      pid_t pid = slot.process.pid();
      std::string ending = slot.process.reap(5.0);
      throw Error("WorkerStartError", "worker process " + std::to_string(pid) + " " + ending +
                                          " before it was ready; its error is in the output above");
    }
    got += static_cast<std::size_t>(n);
  }
  if (header.magic != frame_magic || header.kind != FrameKind::ready) {
    slot.process.reap(0);
    throw Error("WorkerStartError", "worker process sent an unexpected first message");
  }
  fcntl(slot.process.fd(), F_SETFL, fcntl(slot.process.fd(), F_GETFL) | O_NONBLOCK);
  epoll_event event{EPOLLIN | EPOLLRDHUP, {}};
  event.data.u64 = index;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, slot.process.fd(), &event);
}

// ---- submission ------------------------------------------------------------

void ProcessPool::submit(taps_task* task) {
  Pending next{task, Buffer(), 0};
  // A large task is encoded later, by the I/O thread, straight into the
  // arena of the worker it goes to: one copy of its arguments instead of
  // two. Small ones are encoded here, off the I/O thread.
  if (arena_bytes_ > 0 && encode_into_) {
    const std::uint64_t size = tasks_.encoded_size(task);
    if (size >= arena_min_task && size <= arena_bytes_) next.deferred_size = size;
  }
  if (next.deferred_size == 0) next.message = tasks_.encode(task);
  {
    std::lock_guard lock(pending_mutex_);
    if (io_done_) throw Error("ExecutorError", "process-pool is shut down");
    outstanding_.fetch_add(1, std::memory_order_relaxed);
    pending_.push_back(std::move(next));
  }
  wake_io();
}

void ProcessPool::wake_io() {
  // Only a sleeping I/O thread needs the syscall.
  if (io_sleeping_.exchange(false)) {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
  }
}

// ---- the I/O thread ----------------------------------------------------------

void ProcessPool::io_loop() {
  epoll_event events[64];
  for (;;) {
    if (!broken_.empty()) fail_everything("WorkerStartError", broken_);
    if (aborting_) fail_everything("CancelledError", "process-pool shut down without waiting");
    assign_pending();
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].write_index < slots_[i].in_flight.size()) flush_output(i);
    }
    int timeout = next_timeout_ms();
    {
      std::lock_guard lock(pending_mutex_);
      if (stopping_ && outstanding_.load() == 0) {
        io_done_ = true;
        break;
      }
      // Announce sleep, then look once more, so a submit cannot slip by.
      io_sleeping_.store(true);
      if (!pending_.empty() && has_free_slot()) timeout = 0;
    }
    int n = epoll_wait(epoll_fd_, events, 64, timeout);
    io_sleeping_.store(false);
    for (int e = 0; e < n; ++e) {
      if (events[e].data.u64 == wake_token) {
        std::uint64_t count;
        [[maybe_unused]] ssize_t r = read(wake_fd_, &count, sizeof count);
        continue;
      }
      auto index = static_cast<std::size_t>(events[e].data.u64);
      if (events[e].events & EPOLLOUT) flush_output(index);
      if (events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) read_input(index);
    }
    check_timeouts();
  }
  std::lock_guard lock(idle_mutex_);
  idle_cv_.notify_all();
}

bool ProcessPool::has_free_slot() const {
  // Called with pending_mutex_ held and pending_ not empty.
  const std::size_t limit = queue_limit(pending_.front());
  return std::any_of(slots_.begin(), slots_.end(),
                     [limit](const Slot& s) { return s.process.pid() > 0 && s.in_flight.size() < limit; });
}

ProcessPool::Slot* ProcessPool::least_loaded_slot(std::size_t queue_limit) {
  Slot* best = nullptr;
  for (auto& slot : slots_) {
    if (slot.process.pid() <= 0 || slot.in_flight.size() >= queue_limit) continue;
    if (best == nullptr || slot.in_flight.size() < best->in_flight.size()) best = &slot;
  }
  return best;
}

void ProcessPool::assign_pending() {
  // Tasks are taken one at a time, and prepared without the lock: encoding a
  // large one takes a while, and failing one may submit others.
  for (;;) {
    Pending next;
    Slot* best = nullptr;
    {
      std::lock_guard lock(pending_mutex_);
      if (pending_.empty()) return;
      best = least_loaded_slot(queue_limit(pending_.front()));
      if (best == nullptr) return;
      next = std::move(pending_.front());
      pending_.pop_front();
    }
    try {
      Sent sent = prepare_send(*best, next);
      if (best->in_flight.empty()) best->head_started = std::chrono::steady_clock::now();
      best->in_flight.push_back(std::move(sent));
    } catch (const std::exception& e) {
      const auto* error = dynamic_cast<const Error*>(&e);
      tasks_.fail(next.task, error != nullptr ? error->type() : "EncodeError", e.what());
      outstanding_.fetch_sub(1, std::memory_order_relaxed);
    }
  }
}

std::size_t ProcessPool::queue_limit(const Pending& task) const {
  const bool through_arena = arena_bytes_ > 0 && (task.deferred_size != 0 || (task.message.size() >= arena_min_task &&
                                                                               task.message.size() <= arena_bytes_));
  return through_arena ? std::min(prefetch_, arena_task_queue) : prefetch_;
}

ProcessPool::Sent ProcessPool::prepare_send(Slot& slot, Pending& next) {
  const std::uint64_t seq = next_seq_++;
  const FrameHeader shared{frame_magic, FrameKind::shared_task, seq, sizeof(ArenaSpan)};
  if (next.deferred_size != 0) {
    if (std::optional<ArenaSpan> span = slot.arena ? slot.arena.allocate(next.deferred_size) : std::nullopt) {
      try {
        tasks_.encode_into(next.task, slot.arena.writable(*span), span->size);
      } catch (...) {
        slot.arena.release_newest(*span);
        throw;
      }
      return Sent{next.task, seq, Buffer(), shared, *span};
    }
    next.message = tasks_.encode(next.task);  // no room in the arena now: by socket
  } else if (slot.arena && next.message.size() >= arena_min_task) {
    if (std::optional<ArenaSpan> span = slot.arena.store(next.message.data(), next.message.size())) {
      return Sent{next.task, seq, Buffer(), shared, *span};  // the arena holds the only copy from here on
    }
  }
  const std::uint64_t size = next.message.size();
  return Sent{next.task, seq, std::move(next.message), FrameHeader{frame_magic, FrameKind::task, seq, size}, {}};
}

void ProcessPool::flush_output(std::size_t index) {
  Slot& slot = slots_[index];
  while (slot.write_index < slot.in_flight.size()) {
    iovec iov[IOV_MAX];
    int count = 0;
    std::size_t skip = slot.out_offset;
    for (std::size_t i = slot.write_index; i < slot.in_flight.size() && count + 2 <= IOV_MAX; ++i) {
      Sent& sent = slot.in_flight[i];
      std::pair<void*, std::size_t> parts[2] = {{&sent.header, sizeof(FrameHeader)},
                                                {const_cast<std::uint8_t*>(sent.body()), sent.header.size}};
      for (auto [base, size] : parts) {
        if (skip >= size) {
          skip -= size;
          continue;
        }
        iov[count++] = iovec{static_cast<std::uint8_t*>(base) + skip, size - skip};
        skip = 0;
      }
    }
    msghdr message{};
    message.msg_iov = iov;
    message.msg_iovlen = static_cast<std::size_t>(count);
    ssize_t n = sendmsg(slot.process.fd(), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        slot.want_write = true;
        update_interest(index);
        return;
      }
      worker_died(index);  // EPIPE/ECONNRESET: the worker is gone
      return;
    }
    // Advance over what was written.
    auto left = static_cast<std::size_t>(n) + slot.out_offset;
    slot.out_offset = 0;
    while (slot.write_index < slot.in_flight.size()) {
      std::size_t frame = sizeof(FrameHeader) + slot.in_flight[slot.write_index].header.size;
      if (left < frame) {
        slot.out_offset = left;
        break;
      }
      left -= frame;
      ++slot.write_index;
    }
  }
  if (slot.want_write) {
    slot.want_write = false;
    update_interest(index);
  }
}

void ProcessPool::update_interest(std::size_t index) {
  Slot& slot = slots_[index];
  epoll_event event{EPOLLIN | EPOLLRDHUP | (slot.want_write ? EPOLLOUT : 0u), {}};
  event.data.u64 = index;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, slot.process.fd(), &event);
}

void ProcessPool::read_input(std::size_t index) {
  Slot& slot = slots_[index];
  try {
    for (;;) {
      LargeResult& large = slot.large;
      const bool into_large = large.data != nullptr;
      const std::size_t want = into_large ? large.size - large.filled : result_read_chunk;
      std::uint8_t* room = into_large ? large.data.get() + large.filled : slot.input.prepare(want);
      ssize_t n = recv(slot.process.fd(), room, want, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n <= 0) {
        worker_died(index);
        return;
      }
      if (!into_large) {
        slot.input.commit(static_cast<std::size_t>(n));
        take_results(index);
        continue;
      }
      large.filled += static_cast<std::uint64_t>(n);
      if (large.filled == large.size) {
        taps_task* task = pop_answered(slot, FrameHeader{frame_magic, FrameKind::result, large.seq, large.size});
        LargeResult done = std::exchange(large, LargeResult{});
        // May submit the task's children from this thread: nothing is locked.
        tasks_.complete_encoded(task, hand_over(std::move(done.data), done.size, "taps.encoded-result"));
        outstanding_.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  } catch (const std::exception& e) {  // a corrupt frame, or no memory for a result's block
    host_.error(std::string("worker ") + std::to_string(slot.process.pid()) + ": " + e.what() + "; replacing it");
    slot.process.kill_now();
    worker_died(index);
    return;
  }
  if (outstanding_.load() == 0) {
    std::lock_guard lock(idle_mutex_);
    idle_cv_.notify_all();
  }
}

void ProcessPool::take_results(std::size_t index) {
  Slot& slot = slots_[index];
  FrameHeader header{};
  const std::uint8_t* body = nullptr;
  std::size_t offset = 0;
  while (FrameParser::next<std::runtime_error>(slot.input.data(), slot.input.size(), offset, header, body)) {
    taps_task* task = pop_answered(slot, header);
    // Small (it fit in the read chunk): the engine copies what it keeps.
    tasks_.complete_encoded(task, body, header.size);
    outstanding_.fetch_sub(1, std::memory_order_relaxed);
  }
  if (FrameParser::peek<std::runtime_error>(slot.input.data(), slot.input.size(), offset, header) &&
      header.size > result_read_chunk) {
    expect_answer(slot, header);
    // What of its body came with earlier frames (less than a chunk) is
    // copied over; the rest is read straight into the block.
    LargeResult& large = slot.large;
    large.data = std::make_unique_for_overwrite<std::uint8_t[]>(header.size);
    large.seq = header.seq;
    large.size = header.size;
    large.filled = slot.input.size() - offset - sizeof(FrameHeader);
    std::memcpy(large.data.get(), slot.input.data() + offset + sizeof(FrameHeader), large.filled);
    offset = slot.input.size();
  }
  slot.input.consume(offset);
}

void ProcessPool::expect_answer(const Slot& slot, const FrameHeader& header) {
  if (header.kind != FrameKind::result || slot.in_flight.empty() || slot.in_flight.front().seq != header.seq) {
    throw std::runtime_error("a worker answered a task it was not running");
  }
}

taps_task* ProcessPool::pop_answered(Slot& slot, const FrameHeader& header) {
  expect_answer(slot, header);
  taps_task* task = slot.in_flight.front().task;
  if (slot.in_flight.front().in_arena()) slot.arena.release_oldest(slot.in_flight.front().span);
  slot.in_flight.pop_front();
  --slot.write_index;
  slot.head_started = std::chrono::steady_clock::now();
  return task;
}

void ProcessPool::worker_died(std::size_t index) {
  Slot& slot = slots_[index];
  if (slot.process.pid() <= 0) return;
  pid_t pid = slot.process.pid();
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, slot.process.fd(), nullptr);
  std::string ending = slot.process.reap(2.0);
  std::deque<Sent> orphans;
  orphans.swap(slot.in_flight);
  if (!orphans.empty()) {
    Sent head = std::move(orphans.front());
    orphans.pop_front();
    std::string what = std::string("task ") + tasks_.task_id(head.task) + " (" + tasks_.task_name(head.task) + ")";
    if (slot.timed_out) {
      tasks_.fail(head.task, "TimeoutError",
                  what + " ran longer than the timeout of " + std::to_string(timeout_) + " s; worker process " +
                      std::to_string(pid) + " was killed");
    } else {
      tasks_.fail(head.task, "WorkerCrashed", "worker process " + std::to_string(pid) + " " + ending +
                                                  " while running " + what);
    }
    outstanding_.fetch_sub(1, std::memory_order_relaxed);
    failed_starts_ = 0;
  } else if (!stopping_ && !slot.process.killed_from_outside()) {
    // A worker killed from outside (node-killed, a user) started fine.
    ++failed_starts_;
  }
  host_.warning("worker process " + std::to_string(pid) + " " + ending + "; " + std::to_string(orphans.size()) +
                " queued tasks go back to the pool");
  {
    // Tasks that were only queued on the dead worker run elsewhere, first.
    // Those in its arena are encoded again, or taken back out of it, before
    // a new worker gets a new arena.
    std::lock_guard lock(pending_mutex_);
    for (auto it = orphans.rbegin(); it != orphans.rend(); ++it) {
      Pending again{it->task, std::move(it->message), 0};
      if (it->in_arena() && encode_into_) {
        again.deferred_size = it->span.size;
      } else if (it->in_arena()) {
        auto copy = std::make_unique_for_overwrite<std::uint8_t[]>(it->span.size);
        std::memcpy(copy.get(), slot.arena.writable(it->span), it->span.size);
        again.message = hand_over(std::move(copy), it->span.size, "taps.encoded-task");
      }
      pending_.push_front(std::move(again));
    }
  }
  if (stopping_ && aborting_) return;
  if (failed_starts_ >= max_failed_starts) {
    broken_ = "worker processes keep exiting before running any task (last one " + ending + ")";
    return;
  }
  // Retried until it starts or the pool gives up: a slot left without a
  // worker would never take a task again, and with no worker left the
  // pending tasks would wait forever.
  while (broken_.empty()) {
    slot.process = WorkerProcess();  // only this attempt's ending counts below
    try {
      start_worker(index);
      wait_until_ready(index);
      return;
    } catch (const std::exception& e) {  // also spawn's std::runtime_error
      host_.error(e.what());
      if (!slot.process.killed_from_outside() && ++failed_starts_ >= max_failed_starts) broken_ = e.what();
    }
  }
}

void ProcessPool::fail_everything(const char* type, const std::string& why) {
  std::deque<Pending> pending;
  {
    std::lock_guard lock(pending_mutex_);
    pending.swap(pending_);
  }
  for (auto& p : pending) {
    tasks_.fail(p.task, type, why);
    outstanding_.fetch_sub(1, std::memory_order_relaxed);
  }
  for (auto& slot : slots_) {
    for (auto& sent : slot.in_flight) {
      tasks_.fail(sent.task, type, why);
      outstanding_.fetch_sub(1, std::memory_order_relaxed);
    }
    slot.in_flight.clear();
    slot.write_index = 0;
  }
}

void ProcessPool::check_timeouts() {
  if (timeout_ <= 0) return;
  auto now = std::chrono::steady_clock::now();
  for (auto& slot : slots_) {
    if (slot.in_flight.empty() || slot.timed_out || slot.process.pid() <= 0) continue;
    if (now - slot.head_started > std::chrono::duration<double>(timeout_)) {
      slot.timed_out = true;
      slot.process.kill_now();  // the end-of-file that follows fails the task
    }
  }
}

int ProcessPool::next_timeout_ms() const {
  if (timeout_ <= 0) return -1;
  auto now = std::chrono::steady_clock::now();
  double soonest = -1;
  for (const auto& slot : slots_) {
    if (slot.in_flight.empty() || slot.timed_out) continue;
    double left = timeout_ - std::chrono::duration<double>(now - slot.head_started).count();
    if (soonest < 0 || left < soonest) soonest = left;
  }
  return soonest < 0 ? -1 : static_cast<int>(std::ceil(std::max(soonest, 0.0) * 1000.0)) + 1;
}

// ---- shutdown ----------------------------------------------------------------

void ProcessPool::shutdown(bool wait, bool cancel_pending) {
  if (shut_down_) return;
  shut_down_ = true;
  if (cancel_pending) {
    std::deque<Pending> cancelled;
    {
      std::lock_guard lock(pending_mutex_);
      cancelled.swap(pending_);
    }
    for (auto& p : cancelled) {
      tasks_.fail(p.task, "CancelledError", "process-pool shut down before the task started");
      outstanding_.fetch_sub(1, std::memory_order_relaxed);
    }
  }
  aborting_ = !wait;
  stopping_ = true;
  if (io_thread_.joinable()) {
    io_sleeping_.store(true);
    wake_io();
    io_thread_.join();
  }
  for (auto& slot : slots_) slot.process.close_input();
  for (auto& slot : slots_) slot.process.reap(5.0);
}

}  // namespace taps::process_pool
