// The worker side: runs inside `taps-host worker`, reading encoded tasks
// from the socket on fd 3 and writing encoded results back, each as soon as
// its task ends. Holding results back to batch them measured no faster here
// and would break crash attribution and timeouts: the client blames a dead
// worker's crash on, and times, the oldest task it has no result for.
#include "frame.hpp"
#include "process_pool.hpp"
#include "receive_buffer.hpp"
#include "task_arena.hpp"

#include <taps/buffer.hpp>
#include <taps/error.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace taps::process_pool {

namespace {

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}

  /// Appends what can be read to `buffer`, at least `want` bytes of room
  /// (so a large task lands in one read where the socket allows); blocks
  /// until something arrives. Returns false at end-of-file.
  bool read_into(ReceiveBuffer& buffer, std::size_t want) {
    std::size_t chunk = want > 65536 ? want : 65536;
    std::uint8_t* room = buffer.prepare(chunk);
    ssize_t n;
    do {
      n = recv(fd_, room, chunk, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw std::runtime_error(std::string("reading from the client failed: ") + std::strerror(errno));
    buffer.commit(static_cast<std::size_t>(n));
    return n > 0;
  }

  void write_all(std::vector<iovec>& iov) {
    std::size_t index = 0;
    while (index < iov.size()) {
      int count = static_cast<int>(std::min<std::size_t>(iov.size() - index, IOV_MAX));
      ssize_t n = writev(fd_, iov.data() + index, count);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("writing to the client failed: ") + std::strerror(errno));
      }
      auto left = static_cast<std::size_t>(n);
      while (index < iov.size() && left >= iov[index].iov_len) left -= iov[index++].iov_len;
      if (index < iov.size()) {
        iov[index].iov_base = static_cast<std::uint8_t*>(iov[index].iov_base) + left;
        iov[index].iov_len -= left;
      }
    }
  }

 private:
  int fd_;
};

/// The value of `--name N`, or -1 when it is not given.
int fd_argument(const std::vector<std::string>& args, const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return std::stoi(args[i + 1]);
  }
  return -1;
}

/// The arena the client shares with this worker (`--arena-fd N`), mapped
/// read-only: tasks run on views of it and never write into it.
ArenaMapping map_arena(int fd) {
  if (fd < 0) return ArenaMapping();
  struct stat st {};
  if (fstat(fd, &st) != 0) throw Error("WorkerStartError", std::string("bad --arena-fd: ") + std::strerror(errno));
  ArenaMapping arena(fd, static_cast<std::size_t>(st.st_size), PROT_READ);
  close(fd);  // the mapping keeps the memory
  return arena;
}

}  // namespace

void ProcessPool::worker_main(Host host, const Config&, std::vector<std::string> args) {
  // Dying with the client and ignoring the terminal's Ctrl-C are the
  // generic worker's (taps-host worker), before any plugin loads.
  const auto* worker = host.interface<taps_worker_host>(TAPS_INTERFACE_WORKER);
  if (worker == nullptr) throw Error("HostError", "this host cannot execute encoded tasks");
  const int socket_fd = fd_argument(args, "--fd");
  if (socket_fd < 0) {
    throw Error("UsageError", "the process-pool worker needs --fd N (it is started by the process-pool executor)");
  }
  Socket socket(socket_fd);
  const ArenaMapping arena = map_arena(fd_argument(args, "--arena-fd"));

  FrameHeader ready{frame_magic, FrameKind::ready, 0, 0};
  std::vector<iovec> iov{{&ready, sizeof ready}};
  socket.write_all(iov);

  // Reads take whatever the client has sent (often several tasks); each
  // result is written before the next task starts, because the client
  // blames a crash on the oldest task it has no result for.
  // Kept across tasks: its pages are already mapped, so a large task costs
  // no page faults, only the kernel's copy into it.
  ReceiveBuffer input;
  for (;;) {
    FrameHeader header{};
    const std::uint8_t* body = nullptr;
    std::size_t offset = 0;
    while (FrameParser::next<std::runtime_error>(input.data(), input.size(), offset, header, body)) {
      std::uint64_t size = header.size;
      if (header.kind == FrameKind::shared_task && header.size == sizeof(ArenaSpan)) {
        ArenaSpan span;
        std::memcpy(&span, body, sizeof span);
        body = arena.at(span);
        size = span.size;
        if (body == nullptr) throw Error("WireError", "a task outside this worker's shared memory");
      } else if (header.kind != FrameKind::task) {
        throw Error("WireError", "unexpected frame from the client");
      }
      taps_buffer out{};
      detail::ErrorCapture error;
      auto sink = error.sink();
      if (worker->execute_encoded(host.get(), body, size, &out, &sink) != TAPS_OK) {
        // The message itself was unreadable: nothing sensible can be sent
        // back for it, and the client must learn why.
        throw Error(error.type.empty() ? "WireError" : error.type, error.message);
      }
      Buffer result(out);
      FrameHeader reply{frame_magic, FrameKind::result, header.seq, result.size()};
      iov.assign({{&reply, sizeof reply}});
      if (result.size() != 0) iov.push_back({const_cast<std::uint8_t*>(result.data()), result.size()});
      socket.write_all(iov);
    }
    input.consume(offset);
    if (!socket.read_into(input, FrameParser::missing(input.data(), input.size(), 0))) return;
  }
}

}  // namespace taps::process_pool
