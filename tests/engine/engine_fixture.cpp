#include "engine_fixture.hpp"

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

namespace taps::testing {

std::atomic<int> task_runs{0};

double add(double a, double b) {
  ++task_runs;
  return a + b;
}

double sum(Rest<double> values) {
  ++task_runs;
  double total = 0;
  for (double v : values) total += v;
  return total;
}

double fail_with(std::string message) {
  ++task_runs;
  throw std::invalid_argument(message);
}

double slow(double value, double seconds) {
  ++task_runs;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  return value;
}

std::int64_t say(std::string message) {
  ++task_runs;
  this_task::log(LogLevel::warning, message);
  return 0;
}

Bytes echo(BytesView data) {
  ++task_runs;
  return Bytes(data.data, data.data + data.size);
}

// ---- executor ----------------------------------------------------------------

TestExecutor::TestExecutor(Host host, const Config& config)
    : host_(host), tasks_(host), encode_(config.get_bool("encode")), refuse_(config.get_bool("refuse")) {
  for (std::int64_t i = 0; i < config.get_int("workers"); ++i) threads_.emplace_back([this] { work(); });
}

TestExecutor::~TestExecutor() { shutdown(true, false); }

void TestExecutor::submit(taps_task* task) {
  if (refuse_) throw Error("Refused", "this executor refuses tasks");
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(task);
  }
  cv_.notify_one();
}

void TestExecutor::shutdown(bool, bool cancel_pending) {
  std::deque<taps_task*> cancelled;
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    stop_ = true;
    if (cancel_pending) cancelled.swap(queue_);
  }
  for (taps_task* task : cancelled) tasks_.fail(task, "CancelledError", "executor shut down");
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void TestExecutor::work() {
  for (;;) {
    taps_task* task = nullptr;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = queue_.front();
      queue_.pop_front();
    }
    if (!encode_) {
      tasks_.execute(task);
      continue;
    }
    Buffer message = tasks_.encode(task);
    const auto* worker = host_.interface<taps_worker_host>(TAPS_INTERFACE_WORKER);
    taps_buffer result{};
    detail::ErrorCapture error;
    auto sink = error.sink();
    if (worker->execute_encoded(host_.get(), message.data(), message.size(), &result, &sink) != TAPS_OK) {
      tasks_.fail(task, "WorkerError", error.message);
      continue;
    }
    Buffer owned(result);
    tasks_.complete_encoded(task, owned.data(), owned.size());
  }
}

// ---- logger ------------------------------------------------------------------

MemoryLogger* MemoryLogger::instance = nullptr;

void MemoryLogger::write(const taps_task_record& r) {
  Record rec{r.task_id, r.function_name, {}, r.success != 0, r.exception_type ? r.exception_type : "",
             r.exception_message ? r.exception_message : "", r.has_execution != 0, r.submit_time, r.received_time,
             r.execution_start_time, r.execution_end_time, r.task_start_time, r.task_end_time};
  for (uint32_t i = 0; i < r.parent_count; ++i) rec.parents.emplace_back(r.parent_task_ids[i]);
  std::lock_guard lock(mutex);
  recorded.push_back(std::move(rec));
}

// ---- transformer ---------------------------------------------------------------

MemoryTransformer* MemoryTransformer::instance = nullptr;
std::mutex MemoryTransformer::mutex;

MemoryTransformer::Store& MemoryTransformer::stored() {
  static Store store;
  return store;
}

taps_buffer MemoryTransformer::transform(const taps_payload_view& object) {
  ++transforms;
  std::lock_guard lock(mutex);
  // Never reused: drop() erases keys, so the store's size is no key.
  static std::uint64_t next_key = 0;
  std::string key = "key-" + std::to_string(next_key++);
  stored()[key] = {object.type, Bytes(object.data, object.data + object.size)};
  return make_buffer(Bytes(key.begin(), key.end()), "memory-id");
}

taps_buffer MemoryTransformer::resolve(const taps_payload_view& identifier) {
  ++resolves;
  std::lock_guard lock(mutex);
  std::string key(reinterpret_cast<const char*>(identifier.data), identifier.size);
  auto it = stored().find(key);
  if (it == stored().end()) throw Error("KeyError", "no object stored under '" + key + "'");
  // The type tag must live as long as the buffer: the map entry does.
  Bytes copy = it->second.second;
  return make_buffer(std::move(copy), it->second.first.c_str());
}

void MemoryTransformer::drop(const taps_payload_view& identifier) {
  ++drops;
  std::lock_guard lock(mutex);
  stored().erase(std::string(reinterpret_cast<const char*>(identifier.data), identifier.size));
}

std::size_t MemoryTransformer::alive() {
  std::lock_guard lock(mutex);
  return stored().size();
}

// ---- fixture -------------------------------------------------------------------

namespace {

const taps_function_desc* resolve_function(const std::string& plugin, const std::string& name) {
  if (plugin != TestApp::info.name) return nullptr;
  for (const auto& task : TestApp::tasks) {
    if (name == task.desc.name) return &task.desc;
  }
  return nullptr;
}

}  // namespace

EngineFixture::EngineFixture(EngineOptions options) {
  task_runs = 0;
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
  sink->set_pattern("%v");
  logger_ = std::make_shared<spdlog::logger>("test", sink);
  services_ = std::make_unique<host::HostServices>(logger_);
  engine_ = std::make_unique<host::Engine>(*services_, resolve_function);
  engine_->warn_on_stall(options.stall_warning);
  host::EngineParts parts;
  if (options.transformer) parts.transformer = create(taps::transformer<MemoryTransformer>, {});
  if (options.filter) parts.filter = make_filter(options);
  // The worker side gets its own transformer and filter, as a worker
  // process would.
  runner_ = std::make_unique<host::TaskRunner>(
      *services_, resolve_function,
      options.transformer ? create(taps::transformer<MemoryTransformer>, {}) : host::PluginInstance(),
      make_filter(options));
  parts.executor = create(taps::executor<TestExecutor>, {{"workers", std::to_string(options.workers)},
                                                         {"encode", options.encode ? "true" : "false"},
                                                         {"refuse", options.refuse ? "true" : "false"}});
  parts.loggers.push_back(create(taps::logger<MemoryLogger>, {}));
  engine_->start(std::move(parts));
  cxx_engine_ = std::make_unique<taps::Engine>(engine_->handle(), host::Engine::api(), TestApp::info.name,
                                               std::data(TestApp::tasks), std::size(TestApp::tasks));
}

std::string EngineFixture::log_text() {
  std::string text;
  for (const auto& line : static_cast<spdlog::sinks::ringbuffer_sink_mt&>(*logger_->sinks().front()).last_formatted()) {
    text += line;
  }
  return text;
}

EngineFixture::~EngineFixture() {
  engine_->shutdown(true);
  MemoryTransformer::stored().clear();
}

host::PluginInstance EngineFixture::make_filter(const EngineOptions& options) {
  return options.filter ? create(taps::filter<MinSizeFilter>, {{"min_size", "100"}}) : host::PluginInstance();
}

host::PluginInstance EngineFixture::create(const taps_plugin_descriptor* descriptor,
                                           std::map<std::string, std::string> config) {
  std::vector<taps_config_entry> entries;
  for (const auto& [k, v] : config) entries.push_back({sizeof(taps_config_entry), k.c_str(), v.c_str()});
  taps_config c{sizeof(taps_config), static_cast<uint32_t>(entries.size()), entries.data()};
  void* self = nullptr;
  detail::ErrorCapture error;
  auto sink = error.sink();
  if (descriptor->create(services_->host(), &c, &self, &sink) != TAPS_OK) {
    throw std::runtime_error("creating " + std::string(descriptor->name) + " failed: " + error.message);
  }
  return host::PluginInstance(descriptor, self);
}

}  // namespace taps::testing
