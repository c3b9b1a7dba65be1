// The worker side: runs inside `taps-host worker`, reading encoded tasks
// from the socket on fd 3 and writing encoded results back. Results of
// short tasks are written in batches: while more tasks are already waiting
// in the socket and the batch is younger than batch_window, their results
// are collected and sent with one writev. A task that takes longer ends the
// batch, so the client hears of a result about when its task ends. With a
// task timeout nothing is batched: the client times a worker's next task
// from the arrival of the previous result, and a result held back would
// make it blame the wrong task.
#include "frame.hpp"
#include "process_pool.hpp"

#include <taps/buffer.hpp>
#include <taps/error.hpp>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

namespace taps::process_pool {

namespace {

constexpr std::size_t max_batch = 64;
constexpr auto batch_window = std::chrono::milliseconds(1);

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}

  /// Appends what can be read to `buffer`; blocks when `block`. Returns
  /// false at end-of-file.
  bool read_into(Bytes& buffer, std::size_t want, bool block) {
    std::size_t old = buffer.size();
    std::size_t chunk = want > 65536 ? want : 65536;
    buffer.resize(old + chunk);
    ssize_t n;
    do {
      n = recv(fd_, buffer.data() + old, chunk, block ? 0 : MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      buffer.resize(old);
      if (!block && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      throw std::runtime_error(std::string("reading from the client failed: ") + std::strerror(errno));
    }
    buffer.resize(old + static_cast<std::size_t>(n));
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

int parse_fd(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--fd") return std::stoi(args[i + 1]);
  }
  throw Error("UsageError", "the process-pool worker needs --fd N (it is started by the process-pool executor)");
}

}  // namespace

void ProcessPool::worker_main(Host host, const Config& config, std::vector<std::string> args) {
  // Die with the client even if a task hangs; ignore the terminal's Ctrl-C
  // (the client handles it and closes our socket).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGINT, SIG_IGN);
  const auto* worker = host.interface<taps_worker_host>(TAPS_INTERFACE_WORKER);
  if (worker == nullptr) throw Error("HostError", "this host cannot execute encoded tasks");
  Socket socket(parse_fd(args));
  const std::size_t batch_limit = config.has("timeout") && config.get_double("timeout") > 0 ? 1 : max_batch;

  FrameHeader ready{frame_magic, FrameKind::ready, 0, 0};
  std::vector<iovec> iov{{&ready, sizeof ready}};
  socket.write_all(iov);

  Bytes input;
  std::size_t offset = 0;
  std::deque<FrameHeader> headers;  // stable addresses for iovecs
  std::vector<Buffer> results;
  bool open = true;
  while (open) {
    // Block only when no whole task is buffered already: a batch may have
    // stopped short of the tasks the client has sent, and the client may
    // have nothing more to send until it gets their results.
    std::size_t missing = FrameParser::missing(input.data(), input.size(), offset);
    bool whole_frame = input.size() - offset >= sizeof(FrameHeader) && missing == 0;
    if (!whole_frame && !socket.read_into(input, missing, true)) break;
    const auto batch_start = std::chrono::steady_clock::now();
    for (;;) {
      FrameHeader header{};
      const std::uint8_t* body = nullptr;
      while (results.size() < batch_limit &&
             (results.empty() || std::chrono::steady_clock::now() - batch_start < batch_window) &&
             FrameParser::next<std::runtime_error>(input.data(), input.size(), offset, header, body)) {
        if (header.kind != FrameKind::task) throw Error("WireError", "unexpected frame from the client");
        taps_buffer out{};
        detail::ErrorCapture error;
        auto sink = error.sink();
        if (worker->execute_encoded(host.get(), body, header.size, &out, &sink) != TAPS_OK) {
          // The message itself was unreadable: nothing sensible can be sent
          // back for it, and the client must learn why.
          throw Error(error.type.empty() ? "WireError" : error.type, error.message);
        }
        results.emplace_back(out);
        headers.push_back(FrameHeader{frame_magic, FrameKind::result, header.seq, out.size});
      }
      // More tasks already waiting? Run them before answering, up to a batch.
      if (results.size() < batch_limit && std::chrono::steady_clock::now() - batch_start < batch_window &&
          offset == input.size()) {
        input.clear();
        offset = 0;
        if (!socket.read_into(input, 0, false)) {
          open = false;
        } else if (!input.empty()) {
          continue;
        }
      }
      break;
    }
    if (!results.empty()) {
      iov.clear();
      for (std::size_t i = 0; i < results.size(); ++i) {
        iov.push_back({&headers[i], sizeof(FrameHeader)});
        if (results[i].size() != 0) iov.push_back({const_cast<std::uint8_t*>(results[i].data()), results[i].size()});
      }
      socket.write_all(iov);
      results.clear();
      headers.clear();
    }
    if (offset == input.size()) {
      input.clear();
      offset = 0;
    } else if (offset > (1u << 20)) {
      input.erase(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(offset));
      offset = 0;
    }
  }
}

}  // namespace taps::process_pool
