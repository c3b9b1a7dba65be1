// wire.hpp — the frames the dask executor trades on its two sockets: with
// its Python bridge (taps_dask_bridge.py) and, on each Dask worker, between
// the bridge's worker plugin and a generic taps worker. A frame is a header
// and `size` bytes; the bridge packs the same header with struct '<IIQQ'.
#pragma once

#include <taps/error.hpp>

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace taps::dask {

enum class FrameKind : std::uint32_t {
  task = 1,      // an encoded task (to the bridge; to a taps worker)
  shutdown = 2,  // plugin -> bridge: no more tasks, close the Dask client
  ready = 3,     // bridge -> plugin: connected; body says to what
  result = 4,    // an encoded result (from the bridge; from a taps worker)
  failed = 5,    // bridge -> plugin: body is "ExceptionType\0message"
  log = 6,       // bridge -> plugin: seq is the taps_log_level, body the message
  fatal = 7,     // bridge -> plugin: it cannot reach Dask; body says why
};

struct FrameHeader {
  std::uint32_t magic;
  FrameKind kind;
  std::uint64_t seq;   // the plugin's number for the task
  std::uint64_t size;  // bytes that follow
};
static_assert(sizeof(FrameHeader) == 24);

inline constexpr std::uint32_t frame_magic = 0x4B534154;  // "TASK"

/// Writes the header and body of one frame; throws on a closed socket.
inline void write_frame(int fd, FrameKind kind, std::uint64_t seq, const std::uint8_t* body, std::size_t size) {
  FrameHeader header{frame_magic, kind, seq, size};
  iovec iov[2] = {{&header, sizeof header}, {const_cast<std::uint8_t*>(body), size}};
  int index = 0;
  const int count = size == 0 ? 1 : 2;
  while (index < count) {
    msghdr message{};
    message.msg_iov = iov + index;
    message.msg_iovlen = static_cast<std::size_t>(count - index);
    const ssize_t n = sendmsg(fd, &message, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("DaskBridgeError", std::string("writing to the socket failed: ") + std::strerror(errno));
    }
    auto left = static_cast<std::size_t>(n);
    while (index < count && left >= iov[index].iov_len) left -= iov[index++].iov_len;
    if (index < count) {
      iov[index].iov_base = static_cast<std::uint8_t*>(iov[index].iov_base) + left;
      iov[index].iov_len -= left;
    }
  }
}

/// Reads exactly `size` bytes; false at end-of-file before the first byte
/// or in the middle (the peer went away), throws on a socket error.
inline bool read_exactly(int fd, void* out, std::size_t size) {
  auto* at = static_cast<std::uint8_t*>(out);
  while (size > 0) {
    const ssize_t n = recv(fd, at, size, 0);
    if (n == 0) return false;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("DaskBridgeError", std::string("reading from the socket failed: ") + std::strerror(errno));
    }
    at += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// Reads one frame into `header` and `body` (reused between frames); false
/// at end-of-file, throws on a corrupt header.
inline bool read_frame(int fd, FrameHeader& header, std::vector<std::uint8_t>& body) {
  if (!read_exactly(fd, &header, sizeof header)) return false;
  if (header.magic != frame_magic) throw Error("DaskBridgeError", "a corrupt frame on the socket");
  body.resize(header.size);
  return read_exactly(fd, body.data(), body.size());
}

}  // namespace taps::dask
