#include "workqueue_executor.hpp"

#include "task_failure.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <system_error>

namespace taps::workqueue {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// work_queue_wait() takes whole seconds and 0 means 1: one second is the
// shortest wait there is. It cannot be interrupted by a new submission.
constexpr int wait_seconds = 1;
// How long the manager thread waits after finishing a task for the
// submission it usually triggers (an app keeping k tasks in flight answers
// each result with a new task within microseconds). Without it, that task
// would sit in taps until the next result came back from Work Queue.
constexpr auto follow_up_wait = 2ms;
// When tasks wait and no worker is connected, say so after this long, then
// every waiting_notice_interval.
constexpr auto first_waiting_notice = 1s;
constexpr auto waiting_notice_interval = 10s;
constexpr double local_worker_grace = 5.0;  // seconds to stop after SIGTERM
// A work_queue_worker 9.9 told to kill a task first sleeps until the task
// has run 3 s (in whole seconds, so up to 4 s: `sleep(3 - elapsed_seconds)`,
// so that the signal cannot reach a process not yet set up), and serves
// nothing else meanwhile.
constexpr auto worker_kill_delay = 4s;

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "THIS_HOST";
  return name;
}

void write_bytes(const fs::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) throw Error("SystemError", "cannot write " + file.string());
}

// The whole file; empty when it is missing or unreadable.
Bytes read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return {};
  Bytes bytes(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return in ? bytes : Bytes{};
}

std::string times(int count) { return count == 1 ? "once" : std::to_string(count) + " times"; }

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

}  // namespace

WorkQueueExecutor::WorkQueueExecutor(Host host, const Config& config)
    : host_(host),
      tasks_(host),
      max_retries_(static_cast<int>(config.get_int("max_retries"))),
      timeout_(config.get_double("timeout")),
      worker_wait_timeout_(config.get_double("worker_wait_timeout")),
      tasks_per_core_(static_cast<std::size_t>(config.get_int("tasks_per_core"))) {
  const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  if (run == nullptr || !TAPS_HAS_FIELD(run, taps_run_info, config_file) || run->worker_program == nullptr ||
      run->config_file == nullptr || run->run_dir == nullptr) {
    throw Error("ConfigError", "workqueue needs a host that can start workers (run it under taps-host run)");
  }
  files_dir_ = fs::path(run->run_dir) / "workqueue";
  staging_dir_ = files_dir_ / "staging";
  task_dir_ = staging_dir_ / "tasks";
  try {
    std::error_code ec;
    fs::create_directories(task_dir_, ec);
    if (ec) throw Error("SystemError", "cannot create " + task_dir_.string() + ": " + ec.message());
    template_ = TaskTemplate::for_run(*run, staging_dir_ / "files");
    create_manager(config);
    const auto local = static_cast<int>(config.get_int("local_workers"));
    LocalWorkers::Settings settings;
    settings.count = local;
    settings.port = port_;
    if (config.has("password")) settings.password = fs::absolute(config.get_string("password"));
    settings.workdir = staging_dir_ / "workers";
    settings.log_dir = files_dir_;
    local_workers_ = std::make_unique<LocalWorkers>(settings);
    if (local > 0) host_.info("started " + std::to_string(local) + " local work_queue_worker processes");
  } catch (...) {
    local_workers_.reset();
    queue_.reset();
    std::error_code ec;
    fs::remove_all(staging_dir_, ec);
    fs::remove(files_dir_, ec);  // only if empty: worker logs stay
    throw;
  }
  host_.info("each worker receives " + std::to_string(template_.files.size()) + " files once (" +
             std::to_string(template_.shipped_bytes() / (1024 * 1024)) +
             " MiB: taps-task, the app, transformer and filter libraries, config.toml, task.manifest)");
  manager_ = std::thread([this] { manager_loop(); });
}

WorkQueueExecutor::~WorkQueueExecutor() { shutdown(false, true); }

void WorkQueueExecutor::create_manager(const Config& config) {
  std::optional<fs::path> password;
  if (config.has("password")) {
    password = fs::absolute(config.get_string("password"));
    std::error_code ec;
    if (!fs::is_regular_file(*password, ec)) {
      throw Error("ConfigError", "the password file " + password->string() + " does not exist");
    }
  }
  const auto port = static_cast<int>(config.get_int("port"));
  // -1, not 0: 0 would take WORK_QUEUE_PORT from the environment.
  errno = 0;
  queue_.reset(work_queue_create(port == 0 ? -1 : port));
  if (!queue_) {
    const int error = errno;
    if (port == 0) throw Error("WorkQueueError", "the Work Queue manager found no free port to listen on");
    throw Error("WorkQueueError",
                "the Work Queue manager cannot listen on port " + std::to_string(port) + ": " +
                    (error == EADDRINUSE || error == 0 ? std::string("the port is in use") : std::strerror(error)) +
                    "; choose another with --engine.executor.port, or 0 for any free port");
  }
  port_ = work_queue_port(queue_.get());
  if (password && !work_queue_specify_password_file(queue_.get(), password->c_str())) {
    throw Error("ConfigError", "cannot read the password file " + password->string() + " (unreadable or empty)");
  }
  // Both set environment variables (CATALOG_HOST, WORK_QUEUE_NAME; cctools
  // does): done here, before this plugin starts its thread.
  if (config.has("catalog")) work_queue_specify_catalog_servers(queue_.get(), config.get_string("catalog").c_str());
  if (config.has("project_name")) work_queue_specify_name(queue_.get(), config.get_string("project_name").c_str());
  work_queue_specify_transactions_log(queue_.get(), (files_dir_ / "transactions.log").c_str());

  std::string where = "Work Queue manager listening on port " + std::to_string(port_);
  if (config.has("project_name")) where += " as project '" + config.get_string("project_name") + "'";
  if (password) where += ", workers need the password in " + password->string();
  host_.info(where + "; " + start_workers_hint());
}

std::string WorkQueueExecutor::start_workers_hint() const {
  return "start workers with `work_queue_worker " + host_name() + " " + std::to_string(port_) + "`";
}

std::uint32_t WorkQueueExecutor::traits() const {
  std::uint32_t traits = TAPS_EXECUTOR_ISOLATES_TASKS | TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS;
  if (timeout_ > 0) traits |= TAPS_EXECUTOR_TASK_TIMEOUT;
  return traits;
}

// ---- submission --------------------------------------------------------------

void WorkQueueExecutor::submit(taps_task* task) {
  Buffer message = tasks_.encode(task);
  {
    std::lock_guard lock(mutex_);
    if (manager_done_) throw Error("ExecutorError", "workqueue is shut down");
    pending_.push_back({task, std::move(message)});
  }
  wake_.notify_one();
}

std::string WorkQueueExecutor::describe(const taps_task* task) const {
  return std::string("task ") + tasks_.task_id(task) + " (" + tasks_.task_name(task) + ")";
}

// ---- the manager thread ----------------------------------------------------------

void WorkQueueExecutor::manager_loop() {
  try {
    while (run_once()) {
    }
  } catch (const std::exception& e) {
    // Nothing may be left unfinished, and nothing more accepted.
    host_.error(std::string("the Work Queue manager failed: ") + e.what());
    {
      std::lock_guard lock(mutex_);
      manager_done_ = true;
    }
    fail_everything("WorkQueueError", std::string("the Work Queue manager failed: ") + e.what());
  }
}

bool WorkQueueExecutor::run_once() {
  if (local_workers_) {
    for (auto& line : local_workers_->reap_ended()) {
      host_.warning(line);
      local_worker_endings_.push_back(std::move(line));
    }
  }
  {
    std::unique_lock lock(mutex_);
    if (aborting_) {
      lock.unlock();
      fail_everything("CancelledError", "workqueue shut down before the task finished");
      lock.lock();
    }
    if (stopping_ && pending_.empty() && in_flight_.empty()) {
      manager_done_ = true;
      return false;
    }
    if (pending_.empty() && in_flight_.empty()) {
      // Nothing for Work Queue to do, and its wait would hold a new
      // submission back for up to a second: sleep where submit() wakes us.
      wake_.wait_for(lock, 1s, [this] { return !pending_.empty() || stopping_ || aborting_; });
      return true;
    }
    if (just_finished_ && pending_.empty() && in_flight_.size() < window()) {
      wake_.wait_for(lock, follow_up_wait, [this] { return !pending_.empty() || stopping_ || aborting_; });
    }
  }
  just_finished_ = false;
  watch_workers();
  fill_window();
  if (in_flight_.empty()) return true;
  const int lost_before = workers_lost();
  WqTask done(work_queue_wait(queue_.get(), wait_seconds));
  if (done) {
    finish(std::move(done));
    just_finished_ = true;
  }
  track_in_flight(workers_lost() > lost_before);
  return true;
}

int WorkQueueExecutor::workers_lost() const {
  work_queue_stats stats{};
  work_queue_get_stats(queue_.get(), &stats);
  return stats.workers_lost;
}

// Two things Work Queue 9.9 does not do itself, done by looking at each
// task after every wait:
//   - max_retries: a task whose worker is lost goes back to the queue every
//     time (the task's own max_retries is not applied to lost workers). Its
//     dispatches (try_count) that did not end in a result ended back in the
//     queue; those that did so during a wait in which a worker was lost are
//     counted as losses. (Work Queue also requeues a task a worker turns
//     down, which is no loss; that rarely coincides with one.)
//   - timeout: work_queue_task_specify_running_time_max only labels a task
//     once it ended by itself, so a hanging task would hang the run. The
//     time counts from when the task is first seen dispatched, or from when
//     its worker is done killing a task that timed out before it.
void WorkQueueExecutor::track_in_flight(bool worker_lost) {
  const auto now = Clock::now();
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    InFlight& flight = it->second;
    const auto state = work_queue_task_state(queue_.get(), it->first);
    const int tries = flight.handle->try_count;
    const int requeues = std::max(0, state == WORK_QUEUE_TASK_READY ? tries : tries - 1);
    if (worker_lost) flight.losses += requeues - flight.requeues_seen;
    flight.requeues_seen = requeues;
    if (tries != flight.tries_seen) flight.running_since.reset();
    flight.tries_seen = tries;

    if (flight.losses > max_retries_) {
      drop_in_flight(it->first, flight, "WorkerLost",
                     describe(flight.task) + " was lost with its Work Queue worker " + times(flight.losses) +
                         " (max_retries = " + std::to_string(max_retries_) + ")");
      it = in_flight_.erase(it);
      continue;
    }
    if (timeout_ > 0 && state == WORK_QUEUE_TASK_RUNNING) {
      if (!flight.running_since) {
        flight.running_since = now;
        if (const char* worker = flight.handle->host) {
          if (const auto busy = killing_until_.find(worker); busy != killing_until_.end() && busy->second > now) {
            flight.running_since = busy->second;
          }
        }
      }
      if (now - *flight.running_since > std::chrono::duration<double>(timeout_)) {
        time_out(flight, it->first);
        it = in_flight_.erase(it);
        continue;
      }
    }
    ++it;
  }
}

void WorkQueueExecutor::time_out(InFlight& flight, int id) {
  const auto now = Clock::now();
  std::erase_if(killing_until_, [now](const auto& entry) { return entry.second <= now; });
  // Work Queue takes the worker for free at once, while it is still busy
  // killing: the next task there must not be charged for that.
  if (const char* worker = flight.handle->host) killing_until_[worker] = *flight.running_since + worker_kill_delay;
  drop_in_flight(id, flight, "TimeoutError",
                 describe(flight.task) + " ran longer than the timeout of " + format_seconds(timeout_) +
                     " s on its Work Queue worker and was killed");
}

// Takes the task back from Work Queue (killing it where it runs) and fails
// it; the caller erases it from in_flight_.
void WorkQueueExecutor::drop_in_flight(int id, InFlight& flight, const std::string& type,
                                       const std::string& message) {
  WqTask cancelled(work_queue_cancel_by_taskid(queue_.get(), id));
  std::error_code ec;
  fs::remove(flight.task_file, ec);
  fs::remove(flight.result_file, ec);
  tasks_.fail(flight.task, type, message);
}

std::size_t WorkQueueExecutor::window() const {
  work_queue_stats stats{};
  work_queue_get_stats(queue_.get(), &stats);
  return tasks_per_core_ * static_cast<std::size_t>(std::max<std::int64_t>(stats.total_cores, 1));
}

void WorkQueueExecutor::fill_window() {
  const std::size_t limit = window();
  while (in_flight_.size() < limit) {
    Pending next;
    {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) return;
      next = std::move(pending_.front());
      pending_.pop_front();
    }
    if (gave_up_waiting_) {
      tasks_.fail(next.task, "NoWorkersError", gave_up_reason_);
      continue;
    }
    hand_to_work_queue(std::move(next));
  }
}

void WorkQueueExecutor::hand_to_work_queue(Pending pending) {
  const std::uint64_t n = next_file_++;
  InFlight flight;
  flight.task = pending.task;
  flight.task_file = task_dir_ / (std::to_string(n) + ".task");
  flight.result_file = task_dir_ / (std::to_string(n) + ".result");
  try {
    write_bytes(flight.task_file, pending.message.data(), pending.message.size());
  } catch (const Error& e) {
    tasks_.fail(pending.task, e.type(), describe(pending.task) + ": " + e.what());
    return;
  }
  pending.message.reset();

  WqTask t(work_queue_task_create(template_.command.c_str()));
  for (const auto& file : template_.files) {
    work_queue_task_specify_file(t.get(), file.local.c_str(), file.remote.c_str(), WORK_QUEUE_INPUT,
                                 WORK_QUEUE_CACHE);
  }
  work_queue_task_specify_file(t.get(), flight.task_file.c_str(), template_.task_file.c_str(), WORK_QUEUE_INPUT,
                               WORK_QUEUE_NOCACHE);
  work_queue_task_specify_file(t.get(), flight.result_file.c_str(), template_.result_file.c_str(),
                               WORK_QUEUE_OUTPUT, WORK_QUEUE_NOCACHE);
  for (const auto& [name, value] : template_.environment) {
    work_queue_task_specify_environment_variable(t.get(), name.c_str(), value.c_str());
  }
  // Unset, so that the generic worker does not compare its parent (the
  // work_queue_worker) with a pid the worker node's environment may carry.
  work_queue_task_specify_environment_variable(t.get(), "TAPS_WORKER_PARENT_PID", nullptr);
  // A task without resources would take a whole worker: one core each lets
  // a worker of n cores run n tasks.
  work_queue_task_specify_cores(t.get(), 1);
  work_queue_task_specify_tag(t.get(), tasks_.task_id(pending.task));
  flight.handle = t.get();
  const int id = work_queue_submit(queue_.get(), t.release());
  in_flight_.emplace(id, std::move(flight));
}

void WorkQueueExecutor::finish(WqTask done) {
  const auto it = in_flight_.find(done->taskid);
  if (it == in_flight_.end()) {
    host_.error("Work Queue returned task " + std::to_string(done->taskid) + ", which it was never given");
    return;
  }
  const InFlight flight = std::move(it->second);
  in_flight_.erase(it);
  std::error_code ec;
  fs::remove(flight.task_file, ec);
  const Bytes result = read_bytes(flight.result_file);
  fs::remove(flight.result_file, ec);
  if (done->result == WORK_QUEUE_RESULT_SUCCESS && done->return_status == 0 && !result.empty()) {
    // May submit the task's children from this thread: nothing is locked.
    tasks_.complete_encoded(flight.task, result.data(), result.size());
    return;
  }
  const TaskFailure failure = explain_failure(*done, {describe(flight.task), max_retries_});
  tasks_.fail(flight.task, failure.type, failure.message);
}

void WorkQueueExecutor::watch_workers() {
  work_queue_stats stats{};
  work_queue_get_stats(queue_.get(), &stats);
  if (stats.workers_lost > workers_lost_) {
    host_.warning(std::to_string(stats.workers_lost - workers_lost_) + " Work Queue worker(s) lost (" +
                  std::to_string(stats.workers_connected) +
                  " connected now); the tasks they ran go back to the queue, and a task lost more than "
                  "max_retries = " + std::to_string(max_retries_) + " times fails");
    workers_lost_ = stats.workers_lost;
  }
  if (stats.workers_connected != workers_connected_) {
    host_.info(std::to_string(stats.workers_connected) + " Work Queue worker(s) connected");
    workers_connected_ = stats.workers_connected;
  }
  if (stats.workers_connected > 0) {
    workerless_since_.reset();
    gave_up_waiting_ = false;
    return;
  }
  std::size_t waiting = in_flight_.size();
  {
    std::lock_guard lock(mutex_);
    waiting += pending_.size();
  }
  if (waiting == 0 || gave_up_waiting_) {
    workerless_since_.reset();
    return;
  }
  const auto now = Clock::now();
  if (!workerless_since_) {
    workerless_since_ = now;
    next_waiting_notice_ = now + first_waiting_notice;
  }
  if (now >= next_waiting_notice_) {
    host_.warning("waiting for workers: 0 connected, " + std::to_string(waiting) + " tasks waiting; " +
                  start_workers_hint());
    next_waiting_notice_ = now + waiting_notice_interval;
  }
  if (worker_wait_timeout_ > 0 && now - *workerless_since_ > std::chrono::duration<double>(worker_wait_timeout_)) {
    gave_up_reason_ = "no Work Queue worker connected to the manager on port " + std::to_string(port_) +
                      " within worker_wait_timeout = " + format_seconds(worker_wait_timeout_) + " s; " +
                      start_workers_hint();
    for (const auto& ending : local_worker_endings_) gave_up_reason_ += "; " + ending;
    host_.error(gave_up_reason_);
    gave_up_waiting_ = true;
    workerless_since_.reset();
    fail_everything("NoWorkersError", gave_up_reason_);
  }
}

// ---- failing what is left ------------------------------------------------------------

void WorkQueueExecutor::fail_in_flight(const std::string& type, const std::string& message) {
  for (auto& [id, flight] : in_flight_) drop_in_flight(id, flight, type, describe(flight.task) + ": " + message);
  in_flight_.clear();
}

void WorkQueueExecutor::fail_everything(const std::string& type, const std::string& message) {
  fail_in_flight(type, message);
  std::deque<Pending> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(pending_);
  }
  for (auto& p : pending) tasks_.fail(p.task, type, describe(p.task) + ": " + message);
}

// ---- shutdown ------------------------------------------------------------------------

void WorkQueueExecutor::shutdown(bool wait, bool cancel_pending) {
  if (shut_down_) return;
  shut_down_ = true;
  std::deque<Pending> cancelled;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    aborting_ = !wait;
    if (cancel_pending) cancelled.swap(pending_);
  }
  wake_.notify_one();
  for (auto& p : cancelled) {
    tasks_.fail(p.task, "CancelledError", describe(p.task) + ": workqueue shut down before the task started");
  }
  if (manager_.joinable()) manager_.join();
  // Releasing the workers first lets them leave cleanly (removing their
  // sandboxes); local ones then exit on their own (--single-shot).
  queue_.reset();
  if (local_workers_) local_workers_->stop(local_worker_grace);
  std::error_code ec;
  fs::remove_all(staging_dir_, ec);
  if (ec) host_.warning("cannot remove " + staging_dir_.string() + ": " + ec.message());
}

}  // namespace taps::workqueue
