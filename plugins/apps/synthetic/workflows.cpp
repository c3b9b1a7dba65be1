#include "workflows.hpp"

#include "data_block.hpp"
#include "progress.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace taps::synthetic {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A view of a finished task's result inside the engine's payload: checking
// a large block this way copies nothing. The view lives as long as the
// returned future.
TaskFuture<BytesView> view_of(const TaskFuture<Bytes>& future) {
  future.api()->future_retain(future.handle());
  return {future.handle(), future.engine(), future.api()};
}

}  // namespace

Workload::Workload(Engine& engine, const Host& host, std::size_t task_count, std::size_t data_bytes,
                   double sleep_mean, double sleep_std, std::uint64_t seed)
    : engine_(engine), host_(host), task_count_(task_count), data_bytes_(data_bytes), sleep_mean_(sleep_mean),
      sleep_std_(sleep_std), random_(seed), seed_counter_(splitmix64(seed)) {}

Bytes Workload::input_block() { return make_block(next_seed(), data_bytes_); }

void Workload::check_result(const Task& task, const char* what) const {
  const auto view = wait_result(task);
  check_block_of(task, view.result(), what);
}

TaskFuture<BytesView> Workload::wait_result(const Task& task) const {
  auto view = view_of(task.future);
  view.result();  // waits, and resolves an identifier once
  return view;
}

void Workload::check_block_of(const Task& task, BytesView block, const char* what) const {
  check_block(block, data_bytes_, what, task.seed);
}

std::uint64_t Workload::next_seed() { return splitmix64(seed_counter_++); }

double Workload::next_sleep() {
  if (sleep_std_ <= 0) return sleep_mean_;
  // Normal, truncated at zero: a task cannot sleep for negative time.
  return std::max(0.0, sleep_mean_ + sleep_std_ * standard_normal_(random_));
}

Makespan run_bag(Workload& work, std::size_t max_running) {
  const std::size_t total = work.task_count();
  max_running = std::min(max_running, total);
  CompletionSet set(work.engine().handle(), work.engine().api());
  // Slot i holds the task in flight under completion tag i; a finished
  // slot is refilled, so the set never holds more than max_running tasks.
  std::vector<Workload::Task> slots(max_running);
  std::vector<Clock::time_point> submitted_at(max_running);
  RoundTrips round_trips;
  std::size_t submitted = 0;
  auto submit_into = [&](std::size_t slot) {
    Bytes input = work.input_block();
    submitted_at[slot] = Clock::now();
    slots[slot] = work.submit(std::move(input));
    set.add(slots[slot].future, slot);
    ++submitted;
  };

  const auto start = Clock::now();
  for (std::size_t slot = 0; slot < max_running; ++slot) submit_into(slot);
  work.host().info("Submitted " + std::to_string(max_running) + " initial tasks");

  Progress progress(work.host(), total);
  std::size_t completed = 0;
  while (auto slot = set.next()) {
    const auto output = work.wait_result(slots[*slot]);
    round_trips.add(seconds_since(submitted_at[*slot]));
    work.check_block_of(slots[*slot], output.result(), "a bag task's result");
    ++completed;
    if (submitted < total) submit_into(*slot);
    progress.completed(completed, submitted - completed);
  }
  return {completed, seconds_since(start), std::move(round_trips)};
}

Makespan run_diamond(Workload& work) {
  const auto start = Clock::now();
  const auto initial = work.submit(work.input_block());
  work.host().info("Submitted initial task");

  std::vector<TaskFuture<Bytes>> intermediate;
  intermediate.reserve(work.task_count());
  for (std::size_t i = 0; i < work.task_count(); ++i) intermediate.push_back(work.submit(initial.future).future);
  work.host().info("Submitted " + std::to_string(work.task_count()) + " intermediate tasks");

  const auto final_task = work.submit(intermediate);
  work.host().info("Submitted final task");
  work.check_result(final_task, "the final task's result");
  work.host().info("Final task completed");
  return {work.task_count() + 2, seconds_since(start)};
}

Makespan run_reduce(Workload& work) {
  const auto start = Clock::now();
  std::vector<TaskFuture<Bytes>> mapped;
  mapped.reserve(work.task_count());
  for (std::size_t i = 0; i < work.task_count(); ++i) mapped.push_back(work.submit(work.input_block()).future);
  work.host().info("Submitted " + std::to_string(work.task_count()) + " initial tasks");

  const auto reduced = work.submit(mapped);
  work.host().info("Submitted reduce task");
  work.check_result(reduced, "the reduce task's result");
  work.host().info("Reduce task completed");
  return {work.task_count() + 1, seconds_since(start)};
}

Makespan run_sequential(Workload& work) {
  const std::size_t total = work.task_count();
  const auto start = Clock::now();
  std::vector<TaskFuture<Bytes>> chain;
  chain.reserve(total);
  Workload::Task last = work.submit(work.input_block());
  chain.push_back(last.future);
  for (std::size_t i = 1; i < total; ++i) {
    last = work.submit(last.future);
    chain.push_back(last.future);
  }
  work.host().info("Submitted " + std::to_string(total) + " tasks");

  Progress progress(work.host(), total);
  std::size_t received = 0;
  for (auto& task : as_completed(std::move(chain))) {
    if (!task.done()) throw Error("AppError", "as_completed yielded a task that is not done");
    ++received;
    progress.completed(received, total - received);
  }
  // Every task checked its input, which is its parent's output; the last
  // output is checked here.
  work.check_result(last, "the last task's result");
  return {total, seconds_since(start)};
}

}  // namespace taps::synthetic
