// object_id.hpp — the identifier a transformer hands out for a stored object,
// and the checks that make a corrupted or foreign identifier a clear
// per-task error instead of a misread.
//
// Layout (little-endian, taps::Writer): "TPID", u8 format version, the
// transformer's kind ("shm", "file", "redis"), the object's location (a
// segment name, a file name, a key), its size in bytes and the original
// payload's type tag (the resolved payload must carry it again: task
// decoding checks it).
#pragma once

#include <taps/codec.hpp>
#include <taps/error.hpp>
#include <taps/taps.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace taps::transformers {

struct ObjectId {
  std::string location;
  std::uint64_t size = 0;
  std::string type;
};

inline constexpr std::uint8_t object_id_version = 1;

inline Bytes encode_object_id(std::string_view kind, const ObjectId& id) {
  Bytes bytes;
  bytes.reserve(32 + kind.size() + id.location.size() + id.type.size());
  Writer w(bytes);
  w.put_raw("TPID", 4);
  w.put<std::uint8_t>(object_id_version);
  w.put(std::string(kind));
  w.put(id.location);
  w.put<std::uint64_t>(id.size);
  w.put(id.type);
  return bytes;
}

/// Reads an identifier made by a transformer of `kind`, whose payload type
/// tag is `id_type`. Throws taps::Error("IdentifierError") saying what is
/// wrong with it.
inline ObjectId decode_object_id(std::string_view kind, const char* id_type, const taps_payload_view& identifier) {
  const std::string what = std::string(kind) + " identifier";
  const std::string type = identifier.type != nullptr ? identifier.type : "";
  if (type != id_type) {
    throw Error("IdentifierError", "not a " + what + ": the payload's type tag is '" + type + "', not '" + id_type +
                                       "' (was it made by another transformer?)");
  }
  try {
    Reader r(identifier.data, static_cast<std::size_t>(identifier.size));
    const std::uint8_t* magic = r.get_raw(4);
    if (std::memcmp(magic, "TPID", 4) != 0) throw DecodeError("it does not start with TPID");
    const auto version = r.get<std::uint8_t>();
    if (version != object_id_version) {
      throw DecodeError("its format version is " + std::to_string(version) + ", this transformer reads " +
                        std::to_string(object_id_version));
    }
    const auto made_by = r.get<std::string>();
    if (made_by != kind) throw DecodeError("it was made by the '" + made_by + "' transformer");
    ObjectId id;
    id.location = r.get<std::string>();
    id.size = r.get<std::uint64_t>();
    id.type = r.get<std::string>();
    if (r.remaining() != 0) throw DecodeError(std::to_string(r.remaining()) + " bytes follow its end");
    if (id.location.empty()) throw DecodeError("it names no location");
    return id;
  } catch (const DecodeError& e) {
    throw Error("IdentifierError", "corrupt " + what + " (" + std::to_string(identifier.size) + " bytes): " + e.what());
  }
}

}  // namespace taps::transformers
