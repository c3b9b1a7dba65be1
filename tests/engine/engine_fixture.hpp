// engine_fixture.hpp — an engine wired to plugins defined in the test
// binary itself (no .so loading), so engine semantics are tested apart from
// any real executor.
#pragma once

#include "engine/engine.hpp"

#include <taps/plugin.hpp>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace taps::testing {

/// Task functions of the test app.
double add(double a, double b);
double sum(Rest<double> values);
double fail_with(std::string message);
double slow(double value, double seconds);
Bytes echo(BytesView data);
std::int64_t count_runs();
/// Logs `message` through taps::this_task::log; returns 0.
std::int64_t say(std::string message);

/// How many times any test task ran (to prove dependants did not run).
extern std::atomic<int> task_runs;

class TestApp {
 public:
  static constexpr PluginInfo info{"test-app", "1.0.0", "Tasks for engine tests."};
  static constexpr std::array<taps_option_desc, 0> options{};
  static constexpr TaskDef tasks[] = {TAPS_TASK(add), TAPS_TASK(sum), TAPS_TASK(fail_with), TAPS_TASK(slow),
                                      TAPS_TASK(echo), TAPS_TASK(say)};
  TestApp(Host, const Config&) {}
  void run(Engine&, const std::filesystem::path&) {}
};

/// Runs tasks on N threads from a plain locked queue; `encode` ships every
/// task through the wire format and a TaskRunner, as a process pool would.
class TestExecutor {
 public:
  static constexpr PluginInfo info{"test-executor", "1.0.0", "Threads for engine tests."};
  static constexpr taps_option_desc options[] = {
      option::integer("workers", "Threads.").defaults("2"),
      option::boolean("encode", "Round-trip tasks through the wire format.").defaults("false"),
      option::boolean("refuse", "Refuse every task.").defaults("false")};
  TestExecutor(Host host, const Config& config);
  ~TestExecutor();
  void submit(taps_task* task);
  void shutdown(bool wait, bool cancel_pending);

 private:
  void work();
  Host host_;
  ExecutorHost tasks_;
  bool encode_;
  bool refuse_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<taps_task*> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

/// Keeps every record in memory.
class MemoryLogger {
 public:
  struct Record {
    std::string task_id, name;
    std::vector<std::string> parents;
    bool success;
    std::string error_type, error_message;
    bool has_execution;
    double submit, received, exec_start, exec_end, task_start, task_end;
  };
  static constexpr PluginInfo info{"memory", "1.0.0", "Records in memory."};
  static constexpr std::array<taps_option_desc, 0> options{};
  MemoryLogger(Host, const Config&) { instance = this; }
  void write(const taps_task_record& r);
  void flush() { ++flushes; }
  std::vector<Record> records() {
    std::lock_guard lock(mutex);
    return recorded;
  }
  static MemoryLogger* instance;
  std::mutex mutex;
  std::vector<Record> recorded;
  std::atomic<int> flushes{0};
};

/// Keeps transformed payloads in a process-wide map (shared by every
/// instance, like a store that client and workers both reach); the
/// identifier is the key.
class MemoryTransformer {
 public:
  static constexpr PluginInfo info{"memory-store", "1.0.0", "Payloads in a map."};
  static constexpr std::array<taps_option_desc, 0> options{};
  MemoryTransformer(Host, const Config&) {
    if (instance == nullptr) instance = this;
  }
  ~MemoryTransformer() {
    if (instance == this) instance = nullptr;
  }
  taps_buffer transform(const taps_payload_view& object);
  taps_buffer resolve(const taps_payload_view& identifier);
  void drop(const taps_payload_view& identifier);
  /// Objects stored and not dropped yet.
  static std::size_t alive();
  static MemoryTransformer* instance;
  using Store = std::map<std::string, std::pair<std::string, Bytes>>;
  static Store& stored();
  static std::mutex mutex;
  std::atomic<int> transforms{0};
  std::atomic<int> resolves{0};
  std::atomic<int> drops{0};
};

/// Accepts payloads of at least `min_size` bytes.
class MinSizeFilter {
 public:
  static constexpr PluginInfo info{"min-size", "1.0.0", "Size threshold."};
  static constexpr taps_option_desc options[] = {option::integer("min_size", "Bytes.").defaults("100")};
  MinSizeFilter(Host, const Config& config) : min_size_(static_cast<std::uint64_t>(config.get_int("min_size"))) {}
  bool accepts(std::string_view, std::uint64_t size) const { return size >= min_size_; }

 private:
  std::uint64_t min_size_;
};

struct EngineOptions {
  int workers = 2;
  bool encode = false;
  bool refuse = false;
  bool transformer = false;
  bool filter = false;
  double stall_warning = 0;  // seconds; 0: none
};

/// An engine plus the C++ Engine an app would see.
class EngineFixture {
 public:
  explicit EngineFixture(EngineOptions options = {});
  ~EngineFixture();

  taps::Engine& engine() { return *cxx_engine_; }
  host::Engine& host_engine() { return *engine_; }
  std::vector<MemoryLogger::Record> records() { return MemoryLogger::instance->records(); }
  /// Every line logged so far (the message only, without time and level).
  std::string log_text();

 private:
  host::PluginInstance create(const taps_plugin_descriptor* descriptor, std::map<std::string, std::string> config);
  host::PluginInstance make_filter(const EngineOptions& options);

  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<host::HostServices> services_;
  std::unique_ptr<host::Engine> engine_;
  std::unique_ptr<host::TaskRunner> runner_;
  std::unique_ptr<taps::Engine> cxx_engine_;
};

}  // namespace taps::testing
