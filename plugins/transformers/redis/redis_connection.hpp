// redis_connection.hpp — one hiredis connection, ready for commands:
// connected within a timeout, authenticated, on the configured database.
#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace taps::redis {

struct ServerSettings {
  std::string host;
  int port = 6379;
  std::string password;  // empty: no AUTH
  int db = 0;
  double connect_timeout = 3;   // s: connecting and the start-up handshake
  double command_timeout = 30;  // s: any later command

  /// "host:port", for messages.
  std::string address() const { return host + ":" + std::to_string(port); }
};

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class RedisConnection {
 public:
  /// Connects, authenticates (AUTH when a password is set), selects the
  /// database and checks the server answers (PING). Throws taps::Error
  /// saying which step failed and why; never waits longer than about
  /// `connect_timeout` per step.
  explicit RedisConnection(const ServerSettings& settings);
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  /// Runs one command (binary-safe arguments). Throws taps::Error when the
  /// connection fails (then usable() is false) or the server answers with an
  /// error; `what` says what the command was for.
  Reply command(const std::vector<std::string_view>& args, const std::string& what);

  /// False once the connection broke: it must not go back to a pool.
  bool usable() const { return context_ != nullptr && context_->err == 0; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const { redisFree(context); }
  };
  const ServerSettings& settings_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace taps::redis
