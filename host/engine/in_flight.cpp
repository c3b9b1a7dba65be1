#include "engine/in_flight.hpp"

#include "engine/task_state.hpp"

#include <algorithm>
#include <cstdint>

namespace taps::host {

InFlight::Shard& InFlight::shard_of(const TaskState* task) {
  // TaskStates are heap objects of a few hundred bytes: the low bits say little.
  return shards_[(reinterpret_cast<std::uintptr_t>(task) >> 8) % shard_count];
}

void InFlight::add(TaskState* task) {
  Shard& shard = shard_of(task);
  std::lock_guard lock(shard.mutex);
  task->in_flight = true;
  task->in_flight_prev = nullptr;
  task->in_flight_next = shard.head;
  if (shard.head != nullptr) shard.head->in_flight_prev = task;
  shard.head = task;
  ++shard.size;
}

void InFlight::remove(TaskState* task) {
  Shard& shard = shard_of(task);
  std::lock_guard lock(shard.mutex);
  if (!task->in_flight) return;
  task->in_flight = false;
  if (task->in_flight_prev != nullptr) {
    task->in_flight_prev->in_flight_next = task->in_flight_next;
  } else {
    shard.head = task->in_flight_next;
  }
  if (task->in_flight_next != nullptr) task->in_flight_next->in_flight_prev = task->in_flight_prev;
  task->in_flight_prev = task->in_flight_next = nullptr;
  --shard.size;
}

std::size_t InFlight::snapshot(std::size_t limit, std::vector<Entry>* oldest) const {
  // The `limit` oldest, kept sorted; names are copied only for those (a
  // thread-pool may hold a million queued tasks).
  std::size_t total = 0;
  std::vector<Entry> best;
  const auto older = [](const Entry& a, const Entry& b) { return a.submit_time < b.submit_time; };
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.size;
    for (const TaskState* task = shard.head; task != nullptr; task = task->in_flight_next) {
      if (best.size() == limit && (limit == 0 || task->submit_time >= best.back().submit_time)) continue;
      Entry entry{task->id.data(), task->function->desc->name, task->submit_time};
      best.insert(std::upper_bound(best.begin(), best.end(), entry, older), std::move(entry));
      if (best.size() > limit) best.pop_back();
    }
  }
  *oldest = std::move(best);
  return total;
}

}  // namespace taps::host
