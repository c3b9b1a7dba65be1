#include "connection_pool.hpp"

namespace taps::redis {

ConnectionPool::ConnectionPool(const ServerSettings& settings) : settings_(settings) {
  idle_.push_back(std::make_unique<RedisConnection>(settings_));
}

ConnectionPool::Lease ConnectionPool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  // Connecting takes a round trip or more: not under the lock.
  return Lease(*this, std::make_unique<RedisConnection>(settings_));
}

void ConnectionPool::give_back(std::unique_ptr<RedisConnection> connection) {
  if (connection == nullptr || !connection->usable()) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace taps::redis
