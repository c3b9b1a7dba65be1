// redis_server.hpp — a private redis-server for a test: started on a free
// loopback port with no persistence in a temporary directory, stopped and
// removed when the object goes.
#pragma once

#include <hiredis/hiredis.h>

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace taps::data_testing {

/// True when redis-server can be started here.
inline bool redis_server_available() { return std::system("command -v redis-server >/dev/null 2>&1") == 0; }

/// A port nobody listens on right now (the kernel's pick for an ephemeral
/// bind). Another process may take it before we do: callers retry.
inline int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

class RedisServer {
 public:
  explicit RedisServer(std::string password = "") : password_(std::move(password)) {
    std::string pattern = (std::filesystem::temp_directory_path() / "taps-redis-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a directory for redis-server");
    dir_ = pattern;
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(free_loopback_port());
    if (pid_ <= 0) throw std::runtime_error("redis-server did not start; see " + (dir_ / "redis.log").string());
  }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  ~RedisServer() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return port_; }
  const std::string& password() const { return password_; }

  /// Runs one command as an administrator of the server would; returns the
  /// integer or the string elements of an array reply.
  long long integer(const std::vector<std::string>& command) {
    redisReply* reply = run(command);
    const long long value = reply->integer;
    freeReplyObject(reply);
    return value;
  }
  std::vector<std::string> strings(const std::vector<std::string>& command) {
    redisReply* reply = run(command);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < reply->elements; ++i) out.emplace_back(reply->element[i]->str, reply->element[i]->len);
    freeReplyObject(reply);
    return out;
  }

  /// Every key of every database.
  long long key_count() {
    long long total = 0;
    for (int db = 0; db < 16; ++db) {
      freeReplyObject(run({"SELECT", std::to_string(db)}));
      total += integer({"DBSIZE"});
    }
    freeReplyObject(run({"SELECT", "0"}));
    return total;
  }

 private:
  void start(int port) {
    port_ = port;
    std::vector<std::string> args{"redis-server", "--port", std::to_string(port), "--bind", "127.0.0.1",
                                  "--save", "", "--appendonly", "no", "--dir", dir_.string(),
                                  "--logfile", (dir_ / "redis.log").string(), "--daemonize", "no"};
    if (!password_.empty()) {
      args.push_back("--requirepass");
      args.push_back(password_);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawnp(&pid, "redis-server", nullptr, nullptr, argv.data(), environ) != 0) return;
    pid_ = pid;
    // Up when it answers; a server that exited (port taken) is retried.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      if (connect_admin()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop();
  }

  bool connect_admin() {
    redisContext* context = redisConnectWithTimeout("127.0.0.1", port_, timeval{1, 0});
    if (context == nullptr || context->err != 0) {
      if (context != nullptr) redisFree(context);
      return false;
    }
    admin_ = context;
    if (!password_.empty()) freeReplyObject(run({"AUTH", password_}));
    freeReplyObject(run({"PING"}));
    return true;
  }

  redisReply* run(const std::vector<std::string>& command) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : command) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(admin_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (reply == nullptr) throw std::runtime_error("redis-server did not answer " + command[0]);
    return reply;
  }

  void stop() {
    if (admin_ != nullptr) {
      redisFree(admin_);
      admin_ = nullptr;
    }
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }

  std::string password_;
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  redisContext* admin_ = nullptr;
};

}  // namespace taps::data_testing
