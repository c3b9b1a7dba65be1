#include "engine/wire_format.hpp"

#include <taps/error.hpp>
#include <taps/buffer.hpp>

#include <cstring>

namespace taps::host::wire {

namespace {

constexpr char task_magic[4] = {'T', 'A', 'P', 'T'};
constexpr char result_magic[4] = {'T', 'A', 'P', 'R'};

void put_header(Writer& w, const char (&magic)[4]) {
  w.put_raw(magic, 4);
  w.put<std::uint16_t>(version);
}

void check_header(Reader& r, const char (&magic)[4], const char* what) {
  if (r.remaining() < 6) throw Error("WireError", std::string("malformed ") + what + ": too short for a header");
  if (std::memcmp(r.get_raw(4), magic, 4) != 0) {
    throw Error("WireError", std::string("malformed ") + what + ": bad magic bytes");
  }
  auto v = r.get<std::uint16_t>();
  if (v != version) {
    throw Error("WireError", std::string(what) + " has wire version " + std::to_string(v) +
                                 "; this build reads version " + std::to_string(version));
  }
}

// A payload's bytes start at a multiple of this from the start of its
// message, and every message is padded with zeros to a multiple of it. A
// receiver that keeps messages (and the frames around them) at such
// boundaries then hands tasks payloads whose numbers are aligned: a task can
// view a matrix of doubles in place without misaligned loads.
constexpr std::size_t payload_alignment = 8;

std::size_t padding_after(std::size_t offset) {
  return (payload_alignment - offset % payload_alignment) % payload_alignment;
}

/// Appends the zeros that bring `bytes`, which will start at `offset` in the
/// message, to an aligned end.
void pad(Bytes& bytes, std::size_t offset) { bytes.resize(bytes.size() + padding_after(offset + bytes.size()), 0); }

/// Skips the padding in front of a payload's bytes, or at the end of the message.
void skip_padding(Reader& r, std::size_t message_size) {
  const std::size_t position = message_size - r.remaining();
  const std::uint8_t* zeros = r.get_raw(padding_after(position));
  for (std::size_t i = 0; i < padding_after(position); ++i) {
    if (zeros[i] != 0) throw DecodeError("padding is not zero");
  }
}

void expect_end(Reader& r, std::size_t message_size, const char* what) {
  skip_padding(r, message_size);
  if (r.remaining() != 0) throw DecodeError(std::string("trailing bytes after ") + what);
}

/// Calls emit(bytes, size) for the consecutive pieces of the task's message:
/// framing written to a small scratch buffer, and each argument's payload in
/// place. One description of the layout for encode_task, encoded_task_size
/// and encode_task_into.
template <class Emit>
void emit_task(const TaskState& task, Emit&& emit) {
  Bytes framing;
  framing.reserve(256);
  Writer w(framing);
  std::size_t emitted = 0;
  put_header(w, task_magic);
  w.put(std::string(task.id.data()));
  w.put(task.function->plugin);
  w.put(std::string(task.function->desc->name));
  w.put<std::uint32_t>(static_cast<std::uint32_t>(task.args.size()));
  for (const ArgSlot& arg : task.args) {
    const Buffer& value = arg.parent != nullptr ? arg.parent->outcome.result : arg.value;
    bool is_identifier = arg.parent != nullptr ? arg.parent->outcome.result_is_identifier : arg.is_identifier;
    w.put<std::uint8_t>(is_identifier ? 1 : 0);
    w.put(std::string(value.type() != nullptr ? value.type() : ""));
    w.put<std::uint64_t>(value.size());
    if (value.size() == 0) continue;
    pad(framing, emitted);
    emit(framing.data(), framing.size());
    emitted += framing.size();
    framing.clear();
    emit(value.data(), value.size());
    emitted += value.size();
  }
  pad(framing, emitted);
  if (!framing.empty()) emit(framing.data(), framing.size());
}

}  // namespace

Bytes encode_task(const TaskState& task) {
  // An estimate (framing is small) rather than encoded_task_size(), which
  // would walk the task twice on the hot path of small tasks.
  std::size_t estimate = 64 + task.function->plugin.size() + std::strlen(task.function->desc->name);
  for (const ArgSlot& arg : task.args) {
    estimate += 32 + (arg.parent ? arg.parent->outcome.result.size() : arg.value.size());
  }
  Bytes bytes;
  bytes.reserve(estimate);
  emit_task(task, [&](const std::uint8_t* data, std::size_t size) { bytes.insert(bytes.end(), data, data + size); });
  return bytes;
}

std::uint64_t encoded_task_size(const TaskState& task) {
  std::uint64_t total = 0;
  emit_task(task, [&](const std::uint8_t*, std::size_t size) { total += size; });
  return total;
}

void encode_task_into(const TaskState& task, std::uint8_t* out, std::uint64_t capacity) {
  std::uint64_t written = 0;
  emit_task(task, [&](const std::uint8_t* data, std::size_t size) {
    if (size > capacity - written) {
      throw Error("EncodeError", "the encoded task does not fit in the " + std::to_string(capacity) +
                                     " bytes given for it");
    }
    std::memcpy(out + written, data, size);
    written += size;
  });
}

DecodedTask decode_task(const std::uint8_t* message, std::size_t size) {
  try {
    Reader r(message, size);
    check_header(r, task_magic, "encoded task");
    DecodedTask task;
    task.task_id = r.get<std::string>();
    task.plugin = r.get<std::string>();
    task.function = r.get<std::string>();
    auto count = r.get<std::uint32_t>();
    for (std::uint32_t i = 0; i < count; ++i) {
      EncodedArg arg;
      arg.is_identifier = r.get<std::uint8_t>() != 0;
      arg.type = r.get<std::string>();
      arg.size = r.get<std::uint64_t>();
      if (arg.size != 0) skip_padding(r, size);
      arg.data = r.get_raw(static_cast<std::size_t>(arg.size));
      task.args.push_back(std::move(arg));
    }
    expect_end(r, size, "the last argument");
    return task;
  } catch (const DecodeError& e) {
    throw Error("WireError", std::string("malformed encoded task: ") + e.what());
  }
}

Bytes encode_result(const std::string& task_id, const Outcome& outcome) {
  Bytes bytes;
  bytes.reserve(256 + outcome.result.size() + outcome.error_message.size() + outcome.error_traceback.size());
  Writer w(bytes);
  put_header(w, result_magic);
  w.put(task_id);
  w.put<std::uint8_t>(outcome.success ? 1 : 0);
  w.put<std::uint8_t>(outcome.has_execution ? 1 : 0);
  const ExecutionInfo& e = outcome.execution;
  w.put(e.hostname);
  for (double t : {e.execution_start_time, e.execution_end_time, e.task_start_time, e.task_end_time,
                   e.input_transform_start_time, e.input_transform_end_time, e.result_transform_start_time,
                   e.result_transform_end_time}) {
    w.put(t);
  }
  if (outcome.success) {
    w.put<std::uint8_t>(outcome.result_is_identifier ? 1 : 0);
    w.put(std::string(outcome.result.type() != nullptr ? outcome.result.type() : ""));
    w.put<std::uint64_t>(outcome.result.size());
    if (outcome.result.size() != 0) pad(bytes, 0);
    w.put_raw(outcome.result.data(), outcome.result.size());
  } else {
    w.put(outcome.error_type);
    w.put(outcome.error_message);
    w.put(outcome.error_traceback);
  }
  pad(bytes, 0);
  return bytes;
}

namespace {

/// Where a decoded result's payload lies in its message.
struct PayloadSpan {
  std::string type;
  const std::uint8_t* data = nullptr;
  std::uint64_t size = 0;
};

/// Reads everything of an encoded result but the payload's bytes, which it
/// only locates (in `payload`, on success): the caller decides who owns them.
Outcome read_result(const std::uint8_t* message, std::size_t size, std::string* out_task_id, PayloadSpan& payload) {
  try {
    Reader r(message, size);
    check_header(r, result_magic, "encoded result");
    Outcome outcome;
    std::string task_id = r.get<std::string>();
    if (out_task_id != nullptr) *out_task_id = task_id;
    outcome.success = r.get<std::uint8_t>() != 0;
    outcome.has_execution = r.get<std::uint8_t>() != 0;
    ExecutionInfo& e = outcome.execution;
    e.hostname = r.get<std::string>();
    for (double* t : {&e.execution_start_time, &e.execution_end_time, &e.task_start_time, &e.task_end_time,
                      &e.input_transform_start_time, &e.input_transform_end_time, &e.result_transform_start_time,
                      &e.result_transform_end_time}) {
      *t = r.get<double>();
    }
    if (outcome.success) {
      outcome.result_is_identifier = r.get<std::uint8_t>() != 0;
      payload.type = r.get<std::string>();
      payload.size = r.get<std::uint64_t>();
      if (payload.size != 0) skip_padding(r, size);
      payload.data = r.get_raw(static_cast<std::size_t>(payload.size));
    } else {
      outcome.error_type = r.get<std::string>();
      outcome.error_message = r.get<std::string>();
      outcome.error_traceback = r.get<std::string>();
    }
    expect_end(r, size, "the result");
    return outcome;
  } catch (const DecodeError& e) {
    throw Error("WireError", std::string("malformed encoded result: ") + e.what());
  }
}

}  // namespace

Outcome decode_result(Buffer message, std::string* out_task_id) {
  PayloadSpan payload;
  Outcome outcome = read_result(message.data(), static_cast<std::size_t>(message.size()), out_task_id, payload);
  if (outcome.success) {
    // The payload stays in the message; the type tag, which needs its NUL,
    // lives beside it in the one block that owns both.
    struct Owned {
      std::string type;
      taps_buffer message;
      ~Owned() {
        if (message.release != nullptr) message.release(message.owner);
      }
    };
    auto* owned = new Owned{std::move(payload.type), message.release()};
    outcome.result = Buffer(taps_buffer{sizeof(taps_buffer), owned->type.c_str(),
                                        owned->message.data + (payload.data - owned->message.data), payload.size,
                                        owned, [](void* p) { delete static_cast<Owned*>(p); }});
  }
  return outcome;
}

Outcome decode_result(const std::uint8_t* message, std::size_t size, std::string* out_task_id) {
  PayloadSpan payload;
  Outcome outcome = read_result(message, size, out_task_id, payload);
  if (outcome.success) {
    // The type tag must outlive the buffer: it is kept in the same heap
    // block, ahead of the payload bytes.
    struct Owned {
      std::string type;
      Bytes bytes;
    };
    auto* owned = new Owned{std::move(payload.type), Bytes(payload.data, payload.data + payload.size)};
    outcome.result = Buffer(taps_buffer{sizeof(taps_buffer), owned->type.c_str(), owned->bytes.data(),
                                        owned->bytes.size(), owned, [](void* p) { delete static_cast<Owned*>(p); }});
  }
  return outcome;
}

}  // namespace taps::host::wire
