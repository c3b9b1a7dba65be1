// redis_transformer.hpp — payloads as values in a Redis server that the
// client and its workers all reach.
#pragma once

#include "common/object_names.hpp"
#include "common/run_scope.hpp"
#include "common/background_drops.hpp"
#include "connection_pool.hpp"
#include "redis_connection.hpp"

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <atomic>
#include <string>
#include <vector>

namespace taps::redis {

/// One key per payload, KEY_PREFIX<run id>:<object>; the identifier holds
/// the key, the size and the type tag. transform() is one SET, resolve() one
/// GET whose reply buffer is handed out as is. The client deletes a key soon
/// after the engine drops its identifier (UNLINK of a batch, in the
/// background: see background_drops.hpp), and at shutdown every key of the
/// run (SCAN for the run's prefix, then UNLINK), the workers' included.
class RedisTransformer {
 public:
  static constexpr PluginInfo info{"redis", "1.0.0", "Moves payloads through a Redis server."};
  static constexpr taps_option_desc options[] = {
      option::string("host", "Redis server host name or address.").defaults("localhost"),
      option::integer("port", "Redis server port.").defaults("6379").min(1).max(65535),
      option::string("password",
                     "Password for AUTH; empty: the environment variable TAPS_REDIS_PASSWORD if set (a password "
                     "given here is written to the run's config.toml), else no authentication.")
          .defaults(""),
      option::integer("db", "Database number (SELECT).").defaults("0").min(0),
      option::string("key_prefix", "Prefix of every key; the run id and ':' follow it.").defaults("taps:"),
      option::real("connect_timeout", "Limit on connecting and on the start-up handshake.")
          .defaults("3").min(0.001).unit("s"),
      option::real("timeout", "Limit on any one command once connected.").defaults("60").min(0.001).unit("s"),
  };
  static constexpr const char* identifier_type = "taps.redis-id";

  RedisTransformer(Host host, const Config& config);
  ~RedisTransformer();
  RedisTransformer(const RedisTransformer&) = delete;
  RedisTransformer& operator=(const RedisTransformer&) = delete;

  taps_buffer transform(const taps_payload_view& object);
  taps_buffer resolve(const taps_payload_view& identifier);
  void drop(const taps_payload_view& identifier);

  /// Every key of this run starts with it.
  const std::string& run_key_prefix() const { return run_key_prefix_; }

 private:
  std::string key_of(const taps_payload_view& identifier, std::uint64_t* size, std::string* type) const;
  std::size_t delete_run_keys();
  void unlink(const std::vector<std::string>& keys);

  Host host_;
  transformers::RunScope scope_;
  transformers::ObjectNames names_;
  ServerSettings settings_;
  std::string run_key_prefix_;
  ConnectionPool pool_;
  std::atomic<bool> unlink_failure_logged_{false};
  transformers::BackgroundDrops drops_;  // after pool_: stops before the pool goes
};

}  // namespace taps::redis
