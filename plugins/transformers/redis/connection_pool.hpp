// connection_pool.hpp — Redis connections shared by concurrent transform
// and resolve calls: a hiredis context serves one command at a time, so
// each call leases a connection of its own and gives it back.
#pragma once

#include "redis_connection.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace taps::redis {

class ConnectionPool {
 public:
  /// Opens the first connection now, so that a wrong address or password is
  /// a start-up error. `settings` must outlive the pool.
  explicit ConnectionPool(const ServerSettings& settings);

  /// A connection for one caller; back to the pool when the lease ends,
  /// unless it broke.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<RedisConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(connection_)); }
    RedisConnection* operator->() { return connection_.get(); }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<RedisConnection> connection_;
  };

  /// An idle connection, or a new one (which may throw like the first).
  Lease lease();

 private:
  void give_back(std::unique_ptr<RedisConnection> connection);

  const ServerSettings& settings_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;
};

}  // namespace taps::redis
