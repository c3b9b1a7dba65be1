// in_flight.hpp — the tasks the executor holds right now (dispatched, not
// finished), so that a stalled run can say what it waits for.
//
// Every dispatch adds a task and every finish removes it: on the hot path,
// so the set is an intrusive list (no allocation) split into shards by the
// task's address (threads dispatching and finishing at once rarely meet on
// one mutex). Listing walks the shards; it is for the rare stall warning.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace taps::host {

struct TaskState;

class InFlight {
 public:
  struct Entry {
    std::string id;
    std::string function;
    double submit_time = 0;
  };

  /// Adds a task being dispatched; it stays valid until remove().
  void add(TaskState* task);
  /// Removes a task if it was added; a no-op otherwise. Once per task.
  void remove(TaskState* task);

  /// How many tasks are in flight, and the `limit` submitted longest ago.
  std::size_t snapshot(std::size_t limit, std::vector<Entry>* oldest) const;

 private:
  struct Shard {
    mutable std::mutex mutex;
    TaskState* head = nullptr;
    std::size_t size = 0;
  };
  static constexpr std::size_t shard_count = 16;

  Shard& shard_of(const TaskState* task);

  std::array<Shard, shard_count> shards_;
};

}  // namespace taps::host
