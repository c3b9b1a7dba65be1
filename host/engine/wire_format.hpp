// wire_format.hpp — encoded tasks and encoded results: the bytes that
// out-of-process executors move between the client and workers. Executors
// never look inside; the engine writes them and the generic worker reads them.
//
// Both start with a 4-byte magic and a 16-bit version, so a worker refuses a
// message of another version with a clear error instead of misreading it.
// Version 2: a payload's bytes start at a multiple of 8 bytes from the start
// of the message (zero padding before them), and messages are padded with
// zeros to a multiple of 8, so payloads of doubles arrive aligned.
#pragma once

#include "engine/task_state.hpp"

#include <taps/buffer.hpp>
#include <taps/codec.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace taps::host::wire {

inline constexpr std::uint16_t version = 2;

/// A task as a worker needs it: what to call and with what.
struct EncodedArg {
  bool is_identifier = false;
  std::string type;
  const std::uint8_t* data = nullptr;  // points into the message
  std::uint64_t size = 0;
};

struct DecodedTask {
  std::string task_id;
  std::string plugin;
  std::string function;
  std::vector<EncodedArg> args;
};

/// Encodes a task whose parents have all succeeded (their results are copied
/// in). Throws taps::Error.
Bytes encode_task(const TaskState& task);

/// The exact size of encode_task(task).
std::uint64_t encoded_task_size(const TaskState& task);

/// Writes encode_task(task) into `out` without an intermediate copy, so an
/// executor can encode straight into the memory it sends from. Throws
/// taps::Error when `capacity` bytes are not enough.
void encode_task_into(const TaskState& task, std::uint8_t* out, std::uint64_t capacity);

/// Reads an encoded task; views point into `message`. Throws taps::Error
/// naming what is wrong (magic, version, truncation).
DecodedTask decode_task(const std::uint8_t* message, std::size_t size);

Bytes encode_result(const std::string& task_id, const Outcome& outcome);

/// Reads an encoded result that is handed over: the Outcome's result payload
/// is a view into `message`, which it keeps alive, so a large result is not
/// copied again after the transport received it. Throws taps::Error naming
/// what is wrong; `message` is released exactly once either way (by the
/// result, or here when there is none).
Outcome decode_result(Buffer message, std::string* out_task_id);

/// Reads a borrowed encoded result, copying the payload. Throws taps::Error.
Outcome decode_result(const std::uint8_t* message, std::size_t size, std::string* out_task_id);

}  // namespace taps::host::wire
