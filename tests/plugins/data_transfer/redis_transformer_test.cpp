// The redis transformer, loaded from its .so, against a redis-server the
// test starts on a free loopback port: payloads as keys of the run, deleted
// on drop and at shutdown; a server that cannot be used is a clear start-up
// error within seconds, never a hang.
#include "loaded_transformer.hpp"
#include "redis_server.hpp"

#include "common/object_id.hpp"
#include "common/run_scope.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace taps::data_testing {
namespace {

const std::string plugin = TAPS_REDIS_PLUGIN;

class RedisTransformerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (redis_server_available()) server_ = new RedisServer();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (server_ == nullptr) GTEST_SKIP() << "redis-server is not installed";
  }
  void TearDown() override {
    if (server_ != nullptr) server_->integer({"FLUSHALL"});
  }

  std::map<std::string, std::string> options(std::map<std::string, std::string> extra = {}) {
    extra.emplace("host", "127.0.0.1");
    extra.emplace("port", std::to_string(server_->port()));
    return extra;
  }
  std::string run_dir(const std::string& what) const { return "/nonexistent/taps-redis-test/" + what; }

  inline static RedisServer* server_ = nullptr;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(RedisTransformerTest, AWorkerResolvesWhatTheClientStoredWithItsTypeTag) {
  LoadedTransformer client(plugin, "redis", Role::client, run_dir("a"), options());
  LoadedTransformer worker(plugin, "redis", Role::worker, run_dir("a"), options());
  ASSERT_EQ(client.status(), TAPS_OK) << client.error().message;
  for (std::size_t size : {0, 1, 300001}) {
    Buffer id = client.transform(pattern(size), "str");
    EXPECT_STREQ(id.type(), "taps.redis-id");
    Buffer back = worker.resolve(id);
    EXPECT_STREQ(back.type(), "str");
    EXPECT_EQ(bytes_of(back), pattern(size));
  }
  const auto keys = server_->strings({"KEYS", "*"});
  ASSERT_EQ(keys.size(), 3u);
  for (const auto& key : keys) EXPECT_EQ(key.rfind("taps:" + transformers::run_id_of(run_dir("a")) + ":", 0), 0u);
}

TEST_F(RedisTransformerTest, DropDeletesTheKeyAndShutdownEveryKeyOfTheRunOnly) {
  server_->integer({"SET", "someone-else:1", "x"});
  LoadedTransformer client(plugin, "redis", Role::client, run_dir("b"), options());
  LoadedTransformer worker(plugin, "redis", Role::worker, run_dir("b"), options());
  Buffer dropped = client.transform(pattern(100));
  Buffer held = worker.resolve(dropped);
  client.transform(pattern(100));
  worker.transform(pattern(100));  // a result the client never heard of
  client.drop(dropped);
  EXPECT_TRUE(eventually([&] { return server_->integer({"DBSIZE"}) == 3; })) << "drops are batched, not lost";
  EXPECT_EQ(bytes_of(held), pattern(100));
  EXPECT_NE(resolve_error(client, dropped.view()).find("MissingObjectError: Redis key"), std::string::npos);
  EXPECT_NE(resolve_error(client, dropped.view()).find("does not exist (already dropped, or created by another run?)"),
            std::string::npos);
  worker.destroy();
  EXPECT_EQ(server_->integer({"DBSIZE"}), 3) << "a worker deletes nothing";
  client.destroy();
  EXPECT_EQ(server_->strings({"KEYS", "*"}), std::vector<std::string>{"someone-else:1"});
}

TEST_F(RedisTransformerTest, GlobCharactersInTheKeyPrefixMatchOnlyThemselves) {
  server_->integer({"SET", "tXx:1", "not the run's"});
  server_->integer({"SET", "t*[x]:other", "not the run's"});
  LoadedTransformer client(plugin, "redis", Role::client, run_dir("c"), options({{"key_prefix", "t*[x]:"}}));
  for (int i = 0; i < 1500; ++i) client.transform(pattern(3));  // more than one SCAN page
  client.destroy();
  EXPECT_EQ(server_->integer({"DBSIZE"}), 2);
}

TEST_F(RedisTransformerTest, KeysGoToTheConfiguredDatabase) {
  LoadedTransformer client(plugin, "redis", Role::client, run_dir("d"), options({{"db", "3"}}));
  client.transform(pattern(3));
  EXPECT_EQ(server_->integer({"DBSIZE"}), 0);
  EXPECT_EQ(server_->key_count(), 1);
  client.destroy();
  EXPECT_EQ(server_->key_count(), 0);
}

TEST_F(RedisTransformerTest, CorruptOrForeignIdentifiersAreClearErrors) {
  LoadedTransformer client(plugin, "redis", Role::client, run_dir("e"), options());
  Buffer id = client.transform(pattern(50));
  const auto decoded = transformers::decode_object_id("redis", "taps.redis-id", id.view());
  const Bytes lying = transformers::encode_object_id("redis", {decoded.location, 51, "bytes"});
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.redis-id", lying.data(), lying.size()})
                .find("CorruptObjectError: Redis key " + decoded.location + " holds 50 bytes, but its identifier "
                      "says 51"),
            std::string::npos);
  const Bytes foreign = transformers::encode_object_id("redis", {"taps:0000000000000000:x", 50, "bytes"});
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.redis-id", foreign.data(), foreign.size()})
                .find("IdentifierError: the redis identifier names key taps:0000000000000000:x, which is not one of "
                      "this run's"),
            std::string::npos);
  const Bytes shm_made = transformers::encode_object_id("shm", {"/taps-x", 50, "bytes"});
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.redis-id", shm_made.data(), shm_made.size()})
                .find("made by the 'shm' transformer"),
            std::string::npos);
}

TEST_F(RedisTransformerTest, ConcurrentCallersEachGetAConnection) {
  LoadedTransformer client(plugin, "redis", Role::client, run_dir("f"), options());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const Bytes data = pattern(2000 + static_cast<std::size_t>(i), static_cast<std::uint8_t>(t));
        Buffer id = client.transform(data);
        if (bytes_of(client.resolve(id)) != data) ++wrong;
        client.drop(id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_TRUE(eventually([&] { return server_->integer({"DBSIZE"}) == 0; }));
}

TEST(RedisTransformerStart, AClosedPortIsAStartupErrorAtOnce) {
  const int port = free_loopback_port();
  const auto start = std::chrono::steady_clock::now();
  LoadedTransformer client(plugin, "redis", Role::client, "/nonexistent/r",
                           {{"host", "127.0.0.1"}, {"port", std::to_string(port)}});
  EXPECT_NE(client.status(), TAPS_OK);
  EXPECT_NE(client.error().message.find("cannot connect to Redis at 127.0.0.1:" + std::to_string(port) +
                                        ": Connection refused"),
            std::string::npos)
      << client.error().message;
  EXPECT_LT(seconds_since(start), 2.0);
}

TEST(RedisTransformerStart, AServerThatNeverAnswersIsAStartupErrorWithinTheConnectTimeout) {
  // Listening but never accepting: the kernel completes the handshake, then
  // nothing ever answers a command.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const int port = ntohs(address.sin_port);
  const auto start = std::chrono::steady_clock::now();
  LoadedTransformer client(plugin, "redis", Role::client, "/nonexistent/r",
                           {{"host", "127.0.0.1"}, {"port", std::to_string(port)}, {"connect_timeout", "0.5"}});
  const double took = seconds_since(start);
  close(fd);
  EXPECT_NE(client.status(), TAPS_OK);
  EXPECT_NE(client.error().message.find("no answer within the timeout"), std::string::npos) << client.error().message;
  EXPECT_LT(took, 2.0);
}

TEST(RedisTransformerStart, AWrongOrMissingPasswordIsAStartupError) {
  if (!redis_server_available()) GTEST_SKIP() << "redis-server is not installed";
  RedisServer server("s3cret-test-password");
  const std::map<std::string, std::string> address{{"host", "127.0.0.1"}, {"port", std::to_string(server.port())}};

  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(address.begin(), address.end());
    return extra;
  };
  const auto start = std::chrono::steady_clock::now();
  LoadedTransformer wrong(plugin, "redis", Role::client, "/nonexistent/r", with({{"password", "not-it"}}));
  EXPECT_NE(wrong.status(), TAPS_OK);
  EXPECT_NE(wrong.error().message.find("answered an error while authenticating with the password: WRONGPASS"),
            std::string::npos)
      << wrong.error().message;
  LoadedTransformer none(plugin, "redis", Role::client, "/nonexistent/r", with({}));
  EXPECT_NE(none.status(), TAPS_OK);
  EXPECT_NE(none.error().message.find("NOAUTH"), std::string::npos) << none.error().message;
  EXPECT_NE(none.error().message.find("(set engine.transformer.password)"), std::string::npos);
  EXPECT_LT(seconds_since(start), 3.0);

  LoadedTransformer right(plugin, "redis", Role::client, "/nonexistent/r", with({{"password", server.password()}}));
  ASSERT_EQ(right.status(), TAPS_OK) << right.error().message;
  EXPECT_EQ(bytes_of(right.resolve(right.transform(pattern(10)))), pattern(10));
  right.destroy();
  EXPECT_EQ(server.integer({"DBSIZE"}), 0);

  // The password can stay out of the config (and so out of config.toml).
  setenv("TAPS_REDIS_PASSWORD", server.password().c_str(), 1);
  LoadedTransformer from_environment(plugin, "redis", Role::client, "/nonexistent/r", with({}));
  unsetenv("TAPS_REDIS_PASSWORD");
  EXPECT_EQ(from_environment.status(), TAPS_OK) << from_environment.error().message;
}

}  // namespace
}  // namespace taps::data_testing
