#include "redis_connection.hpp"

#include <taps/error.hpp>

#include <sys/time.h>

#include <cerrno>
#include <cmath>
#include <cstring>

namespace taps::redis {

namespace {

timeval to_timeval(double seconds) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(seconds);
  tv.tv_usec = static_cast<suseconds_t>(std::lround((seconds - static_cast<double>(tv.tv_sec)) * 1e6));
  return tv;
}

}  // namespace

RedisConnection::RedisConnection(const ServerSettings& settings) : settings_(settings) {
  context_.reset(redisConnectWithTimeout(settings.host.c_str(), settings.port, to_timeval(settings.connect_timeout)));
  if (context_ == nullptr) throw Error("RedisError", "cannot connect to Redis at " + settings.address() + ": out of memory");
  if (context_->err != 0) {
    throw Error("RedisError", "cannot connect to Redis at " + settings.address() + ": " + context_->errstr +
                                  " (is redis-server running there? see engine.transformer.host and .port)");
  }
  // A server that accepts the connection but never answers must not hang
  // the start either: the handshake runs under the connect timeout.
  redisSetTimeout(context_.get(), to_timeval(settings.connect_timeout));
  if (!settings.password.empty()) command({"AUTH", settings.password}, "authenticating with the password");
  if (settings.db != 0) {
    const std::string db = std::to_string(settings.db);
    command({"SELECT", db}, "selecting database " + db);
  }
  command({"PING"}, "checking the server answers");
  redisSetTimeout(context_.get(), to_timeval(settings.command_timeout));
}

Reply RedisConnection::command(const std::vector<std::string_view>& args, const std::string& what) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  Reply reply(static_cast<redisReply*>(
      redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (reply == nullptr) {
    // hiredis reports a read timeout as the I/O error EAGAIN.
    const bool timed_out = context_->err == REDIS_ERR_IO && std::string(context_->errstr) == std::strerror(EAGAIN);
    const std::string reason = timed_out ? "no answer within the timeout" : std::string(context_->errstr);
    // The context is unusable from here on; usable() says so.
    if (context_->err == 0) context_->err = REDIS_ERR_OTHER;
    throw Error("RedisError", "Redis at " + settings_.address() + " failed while " + what + ": " + reason);
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    std::string message(reply->str, reply->len);
    if (message.rfind("NOAUTH", 0) == 0) message += " (set engine.transformer.password)";
    throw Error("RedisError", "Redis at " + settings_.address() + " answered an error while " + what + ": " + message);
  }
  return reply;
}

}  // namespace taps::redis
