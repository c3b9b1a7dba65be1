// background_drops.hpp — dropped objects are freed on a thread of their own,
// in batches.
//
// The engine drops identifiers from the thread that finishes a task; for the
// process pool that is the one thread that talks to every worker. Freeing a
// 10 MB shared-memory segment there takes about a millisecond on a small
// VM, a Redis UNLINK a network round trip: either would stall the whole
// pool. drop() only queues the name; the thread hands everything queued to
// the transformer's handler at once.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace taps::transformers {

class BackgroundDrops {
 public:
  /// Frees the named objects. Called on the background thread (or, after
  /// stop(), in the caller's); what it throws is dropped: freeing is best
  /// effort, and the client removes every object of the run at shutdown.
  using Handler = std::function<void(const std::vector<std::string>& names)>;

  explicit BackgroundDrops(Handler handler) : handler_(std::move(handler)) {}
  ~BackgroundDrops() { stop(); }
  BackgroundDrops(const BackgroundDrops&) = delete;
  BackgroundDrops& operator=(const BackgroundDrops&) = delete;

  /// Queues `name`. [any-thread]
  void drop(std::string name) {
    {
      std::lock_guard lock(mutex_);
      if (!stopped_) {
        // Started on the first drop: workers never drop, and need no thread.
        if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
        queued_.push_back(std::move(name));
        wake_.notify_one();
        return;
      }
    }
    handle({std::move(name)});
  }

  /// Frees what is queued and stops the thread; later drops are handled
  /// in the caller's thread.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::vector<std::string> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopped_ || !queued_.empty(); });
        if (queued_.empty()) return;
        batch.swap(queued_);
      }
      handle(batch);
      batch.clear();
    }
  }

  void handle(const std::vector<std::string>& names) noexcept {
    try {
      handler_(names);
    } catch (...) {
      // Best effort, see Handler.
    }
  }

  Handler handler_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> queued_;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace taps::transformers
