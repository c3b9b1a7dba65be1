#include "engine/wire_format.hpp"

#include "engine_fixture.hpp"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace taps::testing {
namespace {

Bytes pattern(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
  return b;
}

/// Counts how often the messages it wraps are released.
struct ReleaseCounter {
  std::atomic<int> released{0};

  /// `bytes` as a buffer handed over, whose release is counted.
  Buffer wrap(Bytes bytes) {
    struct Owned {
      Bytes bytes;
      ReleaseCounter* counter;
    };
    auto* owned = new Owned{std::move(bytes), this};
    return Buffer(taps_buffer{sizeof(taps_buffer), "taps.encoded-result", owned->bytes.data(), owned->bytes.size(),
                              owned, [](void* p) {
                                auto* o = static_cast<Owned*>(p);
                                ++o->counter->released;
                                delete o;
                              }});
  }
};

bool points_into(const std::uint8_t* p, const std::uint8_t* begin, std::size_t size) {
  return std::less_equal<>()(begin, p) && std::less<>()(p, begin + size);
}

TEST(WireFormat, EncodedTasksRunAndReturnTheirResults) {
  EngineFixture f({.encode = true});
  auto a = f.engine().submit(add, 1.0, 2.0);
  auto b = f.engine().submit(sum, a, a, 4.0);
  EXPECT_EQ(b.result(), 10.0);
}

TEST(WireFormat, EncodedFailuresKeepTheirTypeAndMessage) {
  EngineFixture f({.encode = true});
  auto error = f.engine().submit(fail_with, std::string("remote boom")).exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "std::invalid_argument");
  EXPECT_STREQ(error->what(), "remote boom");
  auto records = f.records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].has_execution);
}

TEST(WireFormat, ResultsRoundTrip) {
  host::Outcome outcome;
  outcome.success = true;
  outcome.has_execution = true;
  outcome.execution.hostname = "node-7";
  outcome.execution.task_start_time = 12.5;
  outcome.result = Buffer(encode_payload(std::string("hello")));
  Bytes message = host::wire::encode_result("id-1", outcome);
  std::string id;
  host::Outcome back = host::wire::decode_result(message.data(), message.size(), &id);
  EXPECT_EQ(id, "id-1");
  EXPECT_TRUE(back.success);
  EXPECT_EQ(back.execution.hostname, "node-7");
  EXPECT_EQ(back.execution.task_start_time, 12.5);
  EXPECT_EQ(decode_payload<std::string>(back.result.view()), "hello");
}

TEST(WireFormat, AHandedOverResultKeepsItsPayloadInTheMessage) {
  host::Outcome outcome;
  outcome.success = true;
  outcome.result = Buffer(encode_payload(pattern(100000)));
  ReleaseCounter counter;
  Buffer message = counter.wrap(host::wire::encode_result("id-2", outcome));
  const std::uint8_t* begin = message.data();
  const std::size_t size = message.size();
  std::string id;
  host::Outcome back = host::wire::decode_result(std::move(message), &id);
  EXPECT_EQ(id, "id-2");
  ASSERT_TRUE(back.success);
  EXPECT_TRUE(points_into(back.result.data(), begin, size)) << "the payload was copied out of the message";
  EXPECT_STREQ(back.result.type(), "bytes");
  EXPECT_EQ(decode_payload<Bytes>(back.result.view()), pattern(100000));
  EXPECT_EQ(counter.released.load(), 0) << "the result still views the message";
  back.result.reset();
  EXPECT_EQ(counter.released.load(), 1);
}

TEST(WireFormat, AHandedOverFailureOrMalformedResultIsReleasedOnce) {
  host::Outcome failed;
  failed.error_type = "E";
  failed.error_message = "went wrong";
  ReleaseCounter counter;
  host::Outcome back = host::wire::decode_result(counter.wrap(host::wire::encode_result("id", failed)), nullptr);
  EXPECT_EQ(back.error_message, "went wrong");
  EXPECT_EQ(counter.released.load(), 1) << "a failure keeps nothing of its message";

  host::Outcome ok;
  ok.success = true;
  ok.result = Buffer(encode_payload(pattern(64)));
  Bytes truncated = host::wire::encode_result("id", ok);
  truncated.resize(truncated.size() - 3);
  EXPECT_THROW(host::wire::decode_result(counter.wrap(std::move(truncated)), nullptr), Error);
  EXPECT_EQ(counter.released.load(), 2);
}

TEST(WireFormat, RefusesAMessageOfAnotherVersion) {
  host::Outcome outcome;
  Bytes message = host::wire::encode_result("id", outcome);
  message[4] = 9;  // the version's low byte
  try {
    host::wire::decode_result(message.data(), message.size(), nullptr);
    FAIL() << "expected a version error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("version 9"), std::string::npos) << e.what();
  }
}

TEST(WireFormat, RefusesTruncatedAndForeignMessages) {
  host::Outcome outcome;
  outcome.error_type = "E";
  outcome.error_message = "m";
  Bytes message = host::wire::encode_result("id", outcome);
  EXPECT_THROW(host::wire::decode_result(message.data(), message.size() - 3, nullptr), Error);
  Bytes junk{'n', 'o', 'p', 'e', 0, 0, 1, 2};
  EXPECT_THROW(host::wire::decode_task(junk.data(), junk.size()), Error);
  EXPECT_THROW(host::wire::decode_task(junk.data(), 2), Error);
}

// ---- an executor that hands the encoded results over ------------------------------

/// Ships every task through the wire format on its own thread, as a process
/// pool does, and finishes it with the encoded result handed over
/// (complete_encoded_buffer). Results of `truncated_function` are cut short
/// first, so the engine gets a malformed message.
class HandOverExecutor {
 public:
  static constexpr PluginInfo info{"hand-over-executor", "1.0.0", "Hands encoded results over."};
  static constexpr std::array<taps_option_desc, 0> options{};

  static inline ReleaseCounter counter;
  static inline std::atomic<int> handed_over{0};
  static inline std::string truncated_function;
  static inline std::mutex messages_mutex;
  static inline std::vector<std::pair<const std::uint8_t*, std::size_t>> messages;
  // Tasks whose encode_into() wrote exactly encode()'s bytes in exactly
  // encoded_size() of them, and refused one byte less; and those that did not.
  static inline std::atomic<int> encoded_into_alike{0};
  static inline std::atomic<int> encoded_into_otherwise{0};
  // Messages (tasks and results) whose length and payload offsets are not
  // multiples of 8.
  static inline std::atomic<int> misaligned{0};

  HandOverExecutor(Host host, const Config&) : host_(host), tasks_(host), thread_([this] { work(); }) {}
  ~HandOverExecutor() { shutdown(true, false); }

  void submit(taps_task* task) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(task);
    }
    cv_.notify_one();
  }

  void shutdown(bool, bool) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void work() {
    const auto* worker = host_.interface<taps_worker_host>(TAPS_INTERFACE_WORKER);
    for (;;) {
      taps_task* task = nullptr;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = queue_.front();
        queue_.pop_front();
      }
      Buffer encoded = tasks_.encode(task);
      check_encode_into(task, encoded);
      check_alignment(encoded);
      taps_buffer out{};
      if (worker->execute_encoded(host_.get(), encoded.data(), encoded.size(), &out, nullptr) != TAPS_OK) {
        tasks_.fail(task, "WorkerError", "the worker could not read the task");
        continue;
      }
      Buffer result(out);
      check_result_alignment(result);
      Bytes bytes(result.data(), result.data() + result.size());
      if (truncated_function == tasks_.task_name(task)) bytes.resize(bytes.size() - 3);
      Buffer message = counter.wrap(std::move(bytes));
      {
        std::lock_guard lock(messages_mutex);
        messages.emplace_back(message.data(), message.size());
      }
      ++handed_over;
      tasks_.complete_encoded(task, std::move(message));
    }
  }

  void check_alignment(const Buffer& encoded) {
    const host::wire::DecodedTask decoded = host::wire::decode_task(encoded.data(), encoded.size());
    bool aligned = encoded.size() % 8 == 0;
    for (const auto& arg : decoded.args) {
      if (arg.size != 0 && (arg.data - encoded.data()) % 8 != 0) aligned = false;
    }
    if (!aligned) ++misaligned;
  }

  void check_result_alignment(const Buffer& message) {
    // Decoded from a copy handed over, the result is a view into that copy.
    Buffer copy(make_buffer(Bytes(message.data(), message.data() + message.size()), "taps.encoded-result"));
    const std::uint8_t* start = copy.data();
    host::Outcome outcome = host::wire::decode_result(std::move(copy), nullptr);
    bool aligned = message.size() % 8 == 0;
    if (outcome.success && outcome.result.size() != 0) aligned = aligned && (outcome.result.data() - start) % 8 == 0;
    if (!aligned) ++misaligned;
  }

  void check_encode_into(const taps_task* task, const Buffer& encoded) {
    const std::uint64_t size = tasks_.can_encode_into() ? tasks_.encoded_size(task) : 0;
    constexpr std::uint8_t guard = 0xEE;
    Bytes into(size + 1, guard);
    bool alike = size == encoded.size();
    if (alike) {
      tasks_.encode_into(task, into.data(), size);
      alike = std::equal(encoded.data(), encoded.data() + size, into.begin()) && into[size] == guard;
      try {
        tasks_.encode_into(task, into.data(), size - 1);
        alike = false;
      } catch (const Error&) {
      }
    }
    ++(alike ? encoded_into_alike : encoded_into_otherwise);
  }

  Host host_;
  ExecutorHost tasks_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<taps_task*> queue_;
  bool stop_ = false;
  std::thread thread_;
};

/// An engine whose executor is a HandOverExecutor, with a worker-side
/// TaskRunner in the same process.
class HandOverEngine {
 public:
  explicit HandOverEngine(std::string truncated_function = {}) {
    HandOverExecutor::counter.released = 0;
    HandOverExecutor::handed_over = 0;
    HandOverExecutor::truncated_function = std::move(truncated_function);
    HandOverExecutor::messages.clear();
    HandOverExecutor::encoded_into_alike = 0;
    HandOverExecutor::encoded_into_otherwise = 0;
    HandOverExecutor::misaligned = 0;
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    services_ = std::make_unique<host::HostServices>(logger);
    engine_ = std::make_unique<host::Engine>(*services_, resolve);
    runner_ = std::make_unique<host::TaskRunner>(*services_, resolve);
    host::EngineParts parts;
    parts.executor = create(taps::executor<HandOverExecutor>);
    parts.loggers.push_back(create(taps::logger<MemoryLogger>));
    engine_->start(std::move(parts));
    engine_api_ = std::make_unique<taps::Engine>(engine_->handle(), host::Engine::api(), TestApp::info.name,
                                                 std::data(TestApp::tasks), std::size(TestApp::tasks));
  }
  ~HandOverEngine() { engine_->shutdown(true); }

  taps::Engine& engine() { return *engine_api_; }
  /// Stops and destroys the executor (and its thread); futures stay usable.
  void shut_down() { engine_->shutdown(false); }

  /// The result a finished future views, through the C interface.
  static taps_payload_view result_view(const TaskFuture<Bytes>& future) {
    taps_payload_view view{};
    EXPECT_EQ(host::Engine::api()->future_result(future.handle(), -1, &view, nullptr), TAPS_OK);
    return view;
  }

 private:
  static const taps_function_desc* resolve(const std::string& plugin, const std::string& name) {
    if (plugin != TestApp::info.name) return nullptr;
    for (const auto& task : TestApp::tasks) {
      if (name == task.desc.name) return &task.desc;
    }
    return nullptr;
  }

  host::PluginInstance create(const taps_plugin_descriptor* descriptor) {
    taps_config config{sizeof(taps_config), 0, nullptr};
    void* self = nullptr;
    if (descriptor->create(services_->host(), &config, &self, nullptr) != TAPS_OK) {
      throw std::runtime_error(std::string("creating ") + descriptor->name + " failed");
    }
    return host::PluginInstance(descriptor, self);
  }

  std::unique_ptr<host::HostServices> services_;
  std::unique_ptr<host::Engine> engine_;
  std::unique_ptr<host::TaskRunner> runner_;
  std::unique_ptr<taps::Engine> engine_api_;
};

TEST(HandedOverResult, StaysValidAfterTheExecutorDroppedItAndIsNotCopied) {
  HandOverEngine f;
  const Bytes data = pattern(3 * 1000 * 1000 + 5);
  std::optional<TaskFuture<Bytes>> future = f.engine().submit(echo, data);
  taps_payload_view view = HandOverEngine::result_view(*future);
  f.shut_down();  // the executor, its thread and anything it kept are gone
  ASSERT_EQ(HandOverExecutor::messages.size(), 1u);
  EXPECT_TRUE(points_into(view.data, HandOverExecutor::messages[0].first, HandOverExecutor::messages[0].second))
      << "the engine copied the result out of the message";
  EXPECT_EQ(HandOverExecutor::counter.released.load(), 0) << "the future still holds the message";
  EXPECT_EQ(future->result(), data);
  future.reset();
  EXPECT_EQ(HandOverExecutor::counter.released.load(), 1);
}

TEST(EncodeInto, WritesExactlyTheBytesOfEncodeInTheSizeItAnnounces) {
  HandOverEngine f;
  auto a = f.engine().submit(add, 1.0, 2.0);
  auto b = f.engine().submit(sum, a, a, 4.0);  // arguments from parents
  auto big = f.engine().submit(echo, pattern(3 * 1000 * 1000 + 5));
  auto empty = f.engine().submit(echo, Bytes{});
  auto again = f.engine().submit(echo, big);  // a parent's large result
  EXPECT_EQ(b.result(), 10.0);
  EXPECT_EQ(again.result(), pattern(3 * 1000 * 1000 + 5));
  EXPECT_TRUE(empty.result().empty());
  EXPECT_EQ(HandOverExecutor::encoded_into_alike.load(), 5);
  EXPECT_EQ(HandOverExecutor::encoded_into_otherwise.load(), 0);
}

TEST(WireFormat, PayloadsStartAtMultiplesOf8InMessagesOfMultiplesOf8) {
  // So a receiver that keeps messages 8-aligned hands tasks aligned doubles.
  HandOverEngine f;
  std::vector<TaskFuture<Bytes>> futures;
  for (std::size_t size : {1, 3, 7, 8, 13, 1000, 65537}) futures.push_back(f.engine().submit(echo, pattern(size)));
  auto chained = f.engine().submit(echo, futures.back());
  auto sum_of = f.engine().submit(sum, f.engine().submit(add, 1.0, 2.0), 0.5, 4.0);
  for (auto& future : futures) EXPECT_FALSE(future.result().empty());
  EXPECT_EQ(chained.result(), pattern(65537));
  EXPECT_EQ(sum_of.result(), 7.5);
  EXPECT_EQ(HandOverExecutor::misaligned.load(), 0);
}

TEST(HandedOverResult, AMalformedMessageFailsOnlyItsTaskAndIsReleasedOnce) {
  HandOverEngine f("add");
  auto broken = f.engine().submit(add, 1.0, 2.0);
  auto dependant = f.engine().submit(sum, broken, 1.0);
  std::optional<TaskFuture<Bytes>> fine = f.engine().submit(echo, pattern(1000));
  auto error = broken.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "WireError");
  EXPECT_NE(std::string(error->what()).find("malformed encoded result"), std::string::npos) << error->what();
  ASSERT_TRUE(dependant.exception().has_value());
  EXPECT_EQ(dependant.exception()->type(), "DependencyError");
  EXPECT_EQ(fine->result(), pattern(1000));
  EXPECT_EQ(HandOverExecutor::handed_over.load(), 2) << "the dependant never ran";
  EXPECT_EQ(HandOverExecutor::counter.released.load(), 1) << "only the good result is still held";
  f.shut_down();
  fine.reset();
  EXPECT_EQ(HandOverExecutor::counter.released.load(), 2);
}

}  // namespace
}  // namespace taps::testing
