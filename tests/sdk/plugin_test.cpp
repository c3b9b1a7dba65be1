// plugin.hpp: classes become descriptors, method tables and the one entry
// symbol; every trampoline turns exceptions into statuses.
#include <taps/plugin.hpp>

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::int64_t twice(std::int64_t x) { return 2 * x; }

class TestApp {
 public:
  static constexpr taps::PluginInfo info{"test-app", "1.2.3", "An app for tests."};
  static constexpr taps_option_desc options[] = {taps::option::integer("size", "Problem size.").defaults("8")};
  static constexpr taps::TaskDef tasks[] = {TAPS_TASK(twice)};
  TestApp(taps::Host host, const taps::Config& config) : host_(host), size_(config.get_int("size")) {}
  void run(taps::Engine&, const std::filesystem::path& run_dir) {
    if (run_dir.empty()) throw taps::Error("AppError", "no run directory");
    ran_in = run_dir.string();
  }
  taps::Host host_;
  std::int64_t size_;
  std::string ran_in;
};

class TestExecutor {
 public:
  static constexpr taps::PluginInfo info{"test-executor", "0.1.0", "An executor for tests."};
  static constexpr std::array<taps_option_desc, 0> options{};
  TestExecutor(taps::Host, const taps::Config&) {}
  void submit(taps_task*) { throw std::runtime_error("refused"); }
  void shutdown(bool, bool) {}
};

class RemoteExecutor : public TestExecutor {
 public:
  static constexpr taps::PluginInfo info{"remote-executor", "0.1.0", "Has a worker side."};
  using TestExecutor::TestExecutor;
  static void worker_main(taps::Host, const taps::Config&, std::vector<std::string> args) {
    if (args.empty()) throw taps::Error("WorkerError", "no arguments");
  }
};

class TestTransformer {
 public:
  static constexpr taps::PluginInfo info{"test-transformer", "0.1.0", "Keeps objects as they are."};
  static constexpr std::array<taps_option_desc, 0> options{};
  TestTransformer(taps::Host, const taps::Config&) {}
  taps_buffer transform(const taps_payload_view& v) { return taps::encode_payload(std::string(v.type)); }
  taps_buffer resolve(const taps_payload_view&) { throw taps::Error("ResolveError", "unknown identifier"); }
};

class TestFilter {
 public:
  static constexpr taps::PluginInfo info{"test-filter", "0.1.0", "Accepts large payloads."};
  static constexpr std::array<taps_option_desc, 0> options{};
  TestFilter(taps::Host, const taps::Config&) {}
  bool accepts(std::string_view type, std::uint64_t size) {
    if (type == "explode") throw std::runtime_error("filter bug");
    return size > 100;
  }
};

class TestLogger {
 public:
  static constexpr taps::PluginInfo info{"test-logger", "0.1.0", "Counts records."};
  static constexpr std::array<taps_option_desc, 0> options{};
  TestLogger(taps::Host, const taps::Config& config) {
    if (config.has("fail")) throw taps::Error("LoggerError", "cannot open the sink");
  }
  void write(const taps_task_record& record) {
    if (record.success == 0) throw std::runtime_error("write failed");
    ++written;
  }
  void flush() {}
  int written = 0;
};

}  // namespace

TAPS_PLUGINS(taps::app<TestApp>, taps::executor<TestExecutor>, taps::executor<RemoteExecutor>,
             taps::transformer<TestTransformer>, taps::filter<TestFilter>, taps::logger<TestLogger>)

namespace {

struct Sink {
  std::string type, message;
  taps_error_sink get() {
    return {sizeof(taps_error_sink), this, [](void* c, const char* t, const char* m, const char*) {
              static_cast<Sink*>(c)->type = t;
              static_cast<Sink*>(c)->message = m;
            }};
  }
};

const taps_plugin_descriptor& plugin(std::size_t i) { return *taps_plugin_entry_v1.plugins[i]; }

void* create(const taps_plugin_descriptor& d, const std::vector<taps_config_entry>& entries, Sink& sink,
             taps_status expected = TAPS_OK) {
  const taps_config config{sizeof(taps_config), static_cast<uint32_t>(entries.size()), entries.data()};
  void* self = nullptr;
  auto s = sink.get();
  EXPECT_EQ(d.create(nullptr, &config, &self, &s), expected) << sink.message;
  return self;
}

TEST(Plugins, ExportsOneEntryListingEveryPluginWithTheAbiVersion) {
  const auto& entry = taps_plugin_entry_v1;
  EXPECT_EQ(entry.struct_size, sizeof(taps_plugin_entry));
  EXPECT_EQ(entry.abi_major, TAPS_ABI_MAJOR);
  EXPECT_EQ(entry.abi_minor, TAPS_ABI_MINOR);
  ASSERT_EQ(entry.plugin_count, 6u);
  const taps_plugin_kind kinds[] = {TAPS_KIND_APP,         TAPS_KIND_EXECUTOR, TAPS_KIND_EXECUTOR,
                                    TAPS_KIND_TRANSFORMER, TAPS_KIND_FILTER,   TAPS_KIND_LOGGER};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(plugin(i).kind, kinds[i]) << i;
}

TEST(Plugins, DescribesAPluginFromItsInfoAndOptions) {
  const auto& d = plugin(0);
  EXPECT_EQ(d.struct_size, sizeof(taps_plugin_descriptor));
  EXPECT_STREQ(d.name, "test-app");
  EXPECT_STREQ(d.version, "1.2.3");
  EXPECT_STREQ(d.description, "An app for tests.");
  ASSERT_EQ(d.option_count, 1u);
  EXPECT_EQ(d.options, TestApp::options);
  EXPECT_STREQ(d.options[0].key, "size");
  EXPECT_EQ(plugin(1).option_count, 0u);
}

TEST(Plugins, ListsAnAppsTaskFunctions) {
  const auto& m = *static_cast<const taps_app_methods*>(plugin(0).methods);
  EXPECT_EQ(m.struct_size, sizeof(taps_app_methods));
  ASSERT_EQ(m.function_count, 1u);
  EXPECT_STREQ(m.functions[0].name, "twice");
  EXPECT_EQ(m.functions[0].invoke, TestApp::tasks[0].desc.invoke);
  EXPECT_NE(m.run, nullptr);
}

TEST(Plugins, CreatesAnInstanceFromTheConfigAndDestroysIt) {
  Sink sink;
  void* self = create(plugin(0), {{sizeof(taps_config_entry), "size", "16"}}, sink);
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(static_cast<TestApp*>(self)->size_, 16);
  EXPECT_STREQ(static_cast<TestApp*>(self)->host_.name(), "test-app");
  const auto& m = *static_cast<const taps_app_methods*>(plugin(0).methods);
  EXPECT_EQ(m.run(self, nullptr, nullptr, "/tmp/run", nullptr), TAPS_OK);
  EXPECT_EQ(static_cast<TestApp*>(self)->ran_in, "/tmp/run");
  auto run_sink = sink.get();
  EXPECT_EQ(m.run(self, nullptr, nullptr, "", &run_sink), TAPS_ERROR);
  EXPECT_EQ(sink.type, "AppError");
  plugin(0).destroy(self);
  plugin(0).destroy(nullptr);
}

TEST(Plugins, ReportsAConstructorThatThrowsAsAFailedCreate) {
  Sink sink;
  void* self = create(plugin(5), {{sizeof(taps_config_entry), "fail", "1"}}, sink, TAPS_ERROR);
  EXPECT_EQ(self, nullptr);
  EXPECT_EQ(sink.type, "LoggerError");
  EXPECT_EQ(sink.message, "cannot open the sink");
  // A missing option is a ConfigError with its own status.
  Sink missing;
  EXPECT_EQ(create(plugin(0), {}, missing, TAPS_INVALID_ARGUMENT), nullptr);
  EXPECT_EQ(missing.type, "ConfigError");
}

TEST(Plugins, OffersWorkerMainOnlyWhenTheExecutorHasOne) {
  const auto& local = *static_cast<const taps_executor_methods*>(plugin(1).methods);
  const auto& remote = *static_cast<const taps_executor_methods*>(plugin(2).methods);
  EXPECT_EQ(local.struct_size, sizeof(taps_executor_methods));
  EXPECT_EQ(local.worker_main, nullptr);
  ASSERT_NE(remote.worker_main, nullptr);
  const char* argv[] = {"--connect", "host:1"};
  EXPECT_EQ(remote.worker_main(nullptr, nullptr, 2, argv, nullptr), TAPS_OK);
  Sink sink;
  auto s = sink.get();
  EXPECT_EQ(remote.worker_main(nullptr, nullptr, 0, nullptr, &s), TAPS_ERROR);
  EXPECT_EQ(sink.type, "WorkerError");
}

TEST(Plugins, TurnsExceptionsFromMethodsIntoStatusesAndMessages) {
  Sink sink;
  void* executor = create(plugin(1), {}, sink);
  const auto& em = *static_cast<const taps_executor_methods*>(plugin(1).methods);
  auto s = sink.get();
  EXPECT_EQ(em.submit(executor, nullptr, &s), TAPS_ERROR);
  EXPECT_EQ(sink.type, "std::runtime_error");
  EXPECT_EQ(sink.message, "refused");
  EXPECT_EQ(em.shutdown(executor, 1, 0, nullptr), TAPS_OK);
  plugin(1).destroy(executor);

  void* transformer = create(plugin(3), {}, sink);
  const auto& tm = *static_cast<const taps_transformer_methods*>(plugin(3).methods);
  taps_payload_view object{sizeof(taps_payload_view), "bytes", nullptr, 0};
  taps_buffer out{};
  ASSERT_EQ(tm.transform(transformer, &object, &out, nullptr), TAPS_OK);
  EXPECT_EQ(taps::decode_payload<std::string>(taps::Buffer(out).view()), "bytes");
  EXPECT_EQ(tm.resolve(transformer, &object, &out, &s), TAPS_ERROR);
  EXPECT_EQ(sink.type, "ResolveError");
  plugin(3).destroy(transformer);

  void* logger = create(plugin(5), {}, sink);
  const auto& lm = *static_cast<const taps_logger_methods*>(plugin(5).methods);
  taps_task_record record{};
  record.struct_size = sizeof record;
  record.success = 1;
  EXPECT_EQ(lm.write(logger, &record, nullptr), TAPS_OK);
  record.success = 0;
  EXPECT_EQ(lm.write(logger, &record, &s), TAPS_ERROR);
  EXPECT_EQ(sink.message, "write failed");
  EXPECT_EQ(static_cast<TestLogger*>(logger)->written, 1);
  EXPECT_EQ(lm.flush(logger, nullptr), TAPS_OK);
  plugin(5).destroy(logger);
}

TEST(Plugins, KeepsPayloadsInBandWhenAFilterThrows) {
  Sink sink;
  void* filter = create(plugin(4), {}, sink);
  const auto& fm = *static_cast<const taps_filter_methods*>(plugin(4).methods);
  EXPECT_EQ(fm.accepts(filter, "bytes", 1000), 1u);
  EXPECT_EQ(fm.accepts(filter, "bytes", 10), 0u);
  EXPECT_EQ(fm.accepts(filter, "explode", 1000), 0u);
  EXPECT_EQ(fm.accepts(filter, nullptr, 1000), 1u);
  plugin(4).destroy(filter);
}

}  // namespace
