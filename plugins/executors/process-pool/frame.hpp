// frame.hpp — how messages travel on a worker's socket: a fixed header and
// the message bytes. The messages themselves (encoded tasks and results)
// are the engine's; this layer only delimits them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace taps::process_pool {

enum class FrameKind : std::uint32_t {
  ready = 1,   // worker -> client: plugins loaded, ready for tasks
  task = 2,    // client -> worker: an encoded task
  result = 3,  // worker -> client: an encoded result
  shared_task = 4,  // client -> worker: where an encoded task lies in the worker's arena (an ArenaSpan)
};

struct FrameHeader {
  std::uint32_t magic;
  FrameKind kind;
  std::uint64_t seq;   // the client's number for the task
  std::uint64_t size;  // bytes that follow
};
static_assert(sizeof(FrameHeader) == 24);

inline constexpr std::uint32_t frame_magic = 0x54505046;  // "FPPT"

/// Extracts complete frames from an accumulating byte buffer.
class FrameParser {
 public:
  /// If a whole frame starts at `offset`, fills `header` and `body`, advances
  /// `offset` and returns true. Throws std::runtime_error on a bad header.
  template <class Error>
  static bool next(const std::uint8_t* data, std::size_t size, std::size_t& offset, FrameHeader& header,
                   const std::uint8_t*& body) {
    if (size - offset < sizeof(FrameHeader)) return false;
    std::memcpy(&header, data + offset, sizeof header);
    if (header.magic != frame_magic) throw Error("corrupt frame on the worker socket");
    if (size - offset - sizeof(FrameHeader) < header.size) return false;
    body = data + offset + sizeof(FrameHeader);
    offset += sizeof(FrameHeader) + header.size;
    return true;
  }

  /// If the header of a frame starting at `offset` has arrived (its body
  /// may not have), fills `header` and returns true. Throws like next().
  template <class Error>
  static bool peek(const std::uint8_t* data, std::size_t size, std::size_t offset, FrameHeader& header) {
    if (size - offset < sizeof(FrameHeader)) return false;
    std::memcpy(&header, data + offset, sizeof header);
    if (header.magic != frame_magic) throw Error("corrupt frame on the worker socket");
    return true;
  }

  /// Bytes still needed to complete the frame at `offset` (0 if unknown).
  static std::size_t missing(const std::uint8_t* data, std::size_t size, std::size_t offset) {
    if (size - offset < sizeof(FrameHeader)) return 0;
    FrameHeader header;
    std::memcpy(&header, data + offset, sizeof header);
    std::size_t have = size - offset - sizeof(FrameHeader);
    return header.size > have ? header.size - have : 0;
  }
};

}  // namespace taps::process_pool
