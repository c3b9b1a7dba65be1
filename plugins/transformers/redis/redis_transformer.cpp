#include "redis_transformer.hpp"

#include "common/object_id.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace taps::redis {

namespace {

constexpr const char* kind = "redis";

ServerSettings settings_from(const Config& config) {
  ServerSettings s;
  s.host = config.get_string("host");
  s.port = static_cast<int>(config.get_int("port"));
  s.password = config.get_string("password");
  // From the environment, the password stays out of config.toml and log.txt.
  if (const char* from_environment = std::getenv("TAPS_REDIS_PASSWORD"); s.password.empty() && from_environment) {
    s.password = from_environment;
  }
  s.db = static_cast<int>(config.get_int("db"));
  s.connect_timeout = config.get_double("connect_timeout");
  s.command_timeout = config.get_double("timeout");
  return s;
}

/// A SCAN MATCH pattern for keys starting with `prefix`: glob characters in
/// the prefix match only themselves.
std::string prefix_pattern(const std::string& prefix) {
  std::string pattern;
  for (char c : prefix) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "*";
}

}  // namespace

RedisTransformer::RedisTransformer(Host host, const Config& config)
    : host_(host),
      scope_(transformers::RunScope::of(host)),
      settings_(settings_from(config)),
      run_key_prefix_(config.get_string("key_prefix") + scope_.id + ":"),
      pool_(settings_),
      drops_([this](const std::vector<std::string>& keys) { unlink(keys); }) {}

RedisTransformer::~RedisTransformer() {
  drops_.stop();
  if (!scope_.owner) return;
  try {
    const std::size_t deleted = delete_run_keys();
    host_.debug("deleted " + std::to_string(deleted) + " Redis keys " + run_key_prefix_ + "*");
  } catch (const std::exception& e) {
    host_.warning("cannot delete the run's Redis keys " + run_key_prefix_ + "*: " + e.what());
  }
}

std::size_t RedisTransformer::delete_run_keys() {
  auto connection = pool_.lease();
  const std::string pattern = prefix_pattern(run_key_prefix_);
  std::size_t deleted = 0;
  std::string cursor = "0";
  do {
    Reply page = connection->command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"}, "listing the run's keys");
    if (page->type != REDIS_REPLY_ARRAY || page->elements != 2) {
      throw Error("RedisError", "SCAN answered something other than [cursor, keys]");
    }
    cursor.assign(page->element[0]->str, page->element[0]->len);
    const redisReply* keys = page->element[1];
    if (keys->elements == 0) continue;
    std::vector<std::string_view> args{"UNLINK"};
    for (std::size_t i = 0; i < keys->elements; ++i) args.emplace_back(keys->element[i]->str, keys->element[i]->len);
    Reply unlinked = connection->command(args, "deleting the run's keys");
    deleted += static_cast<std::size_t>(unlinked->integer);
  } while (cursor != "0");
  return deleted;
}

taps_buffer RedisTransformer::transform(const taps_payload_view& object) {
  const std::string_view value(reinterpret_cast<const char*>(object.data), object.size);
  std::string key;
  for (int attempt = 0;; ++attempt) {
    key = run_key_prefix_ + names_.next();
    // NX: a key of that name already there is a clash, never overwritten.
    Reply reply = pool_.lease()->command({"SET", key, value, "NX"}, "storing a payload under " + key);
    if (reply->type != REDIS_REPLY_NIL) break;
    if (attempt == 3) throw Error("TransformError", "Redis key " + key + " exists already");
  }
  const transformers::ObjectId id{key, object.size, object.type != nullptr ? object.type : ""};
  return make_buffer(transformers::encode_object_id(kind, id), identifier_type);
}

std::string RedisTransformer::key_of(const taps_payload_view& identifier, std::uint64_t* size,
                                     std::string* type) const {
  transformers::ObjectId id = transformers::decode_object_id(kind, identifier_type, identifier);
  if (id.location.compare(0, run_key_prefix_.size(), run_key_prefix_) != 0) {
    throw Error("IdentifierError", "the redis identifier names key " + id.location +
                                       ", which is not one of this run's (they start with " + run_key_prefix_ + ")");
  }
  if (size != nullptr) *size = id.size;
  if (type != nullptr) *type = std::move(id.type);
  return std::move(id.location);
}

taps_buffer RedisTransformer::resolve(const taps_payload_view& identifier) {
  std::uint64_t size = 0;
  std::string type;
  const std::string key = key_of(identifier, &size, &type);
  Reply reply = pool_.lease()->command({"GET", key}, "fetching " + key);
  if (reply->type == REDIS_REPLY_NIL) {
    throw Error("MissingObjectError",
                "Redis key " + key + " does not exist (already dropped, or created by another run?)");
  }
  if (reply->type != REDIS_REPLY_STRING) throw Error("CorruptObjectError", "Redis key " + key + " holds no string");
  if (reply->len != size) {
    throw Error("CorruptObjectError", "Redis key " + key + " holds " + std::to_string(reply->len) +
                                          " bytes, but its identifier says " + std::to_string(size));
  }
  // The reply's own buffer is the payload: handed over, not copied.
  struct Owned {
    Reply reply;
    std::string type;
  };
  auto* owned = new Owned{std::move(reply), std::move(type)};
  return taps_buffer{sizeof(taps_buffer), owned->type.c_str(), reinterpret_cast<std::uint8_t*>(owned->reply->str),
                     size, owned, [](void* p) { delete static_cast<Owned*>(p); }};
}

void RedisTransformer::drop(const taps_payload_view& identifier) { drops_.drop(key_of(identifier, nullptr, nullptr)); }

void RedisTransformer::unlink(const std::vector<std::string>& keys) {
  constexpr std::size_t keys_per_command = 512;
  try {
    auto connection = pool_.lease();
    for (std::size_t first = 0; first < keys.size(); first += keys_per_command) {
      std::vector<std::string_view> args{"UNLINK"};
      const std::size_t last = std::min(keys.size(), first + keys_per_command);
      for (std::size_t i = first; i < last; ++i) args.emplace_back(keys[i]);
      connection->command(args, "deleting dropped keys");
    }
  } catch (const std::exception& e) {
    // Said once, not once per batch; shutdown deletes the keys anyway.
    if (!unlink_failure_logged_.exchange(true)) {
      host_.warning(std::string("cannot delete dropped keys now: ") + e.what());
    }
  }
}

}  // namespace taps::redis
