// lifeline.hpp — knowing at once that a rank died.
//
// MPI (without fault tolerance) does not tell a process that a peer died: a
// send to it may hang, a receive simply never comes. So every worker rank
// opens one TCP connection to the client and holds it for its whole life;
// neither side ever writes after the first bytes. When a process ends, for
// any reason and on any host, its kernel closes the connection, and the
// other side reads end-of-file: the client fails that rank's tasks, and a
// worker whose client is gone leaves instead of waiting forever.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace taps::mpi {

/// The client's end: a listening socket, and one connection per worker.
class LifelineListener {
 public:
  /// Listens on an ephemeral port: on the loopback interface only when
  /// every worker runs on this host, else on all interfaces.
  explicit LifelineListener(bool loopback_only);
  ~LifelineListener();
  LifelineListener(const LifelineListener&) = delete;
  LifelineListener& operator=(const LifelineListener&) = delete;

  std::uint16_t port() const { return port_; }
  /// This host's IPv4 addresses for workers on other hosts (none when
  /// listening on loopback only).
  std::vector<std::string> addresses() const;
  int listen_fd() const { return listen_fd_; }

  /// Accepts a waiting connection and reads the worker's index (4 bytes);
  /// returns the index, or -1 when none was waiting. The connection is
  /// kept in fds() under that index.
  int accept_one(std::size_t worker_count);

  /// Connection of each worker, -1 until it connected.
  const std::vector<int>& fds() const { return fds_; }
  /// Closes and forgets a worker's connection.
  void close_worker(std::size_t index);
  /// Stops listening once every worker connected: no port stays open longer
  /// than the start needs.
  void stop_listening();

 private:
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  bool loopback_only_;
  std::vector<int> fds_;
};

/// A worker's end.
class Lifeline {
 public:
  Lifeline() = default;
  ~Lifeline();
  Lifeline(const Lifeline&) = delete;
  Lifeline& operator=(const Lifeline&) = delete;

  /// Connects to the client: 127.0.0.1 when on the client's host, else each
  /// of `addresses` in turn; sends `index`. Returns an empty string, or why
  /// no connection could be made.
  std::string connect(bool same_host, const std::vector<std::string>& addresses, std::uint16_t port,
                      std::uint32_t index);

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  /// True once the client's end is closed (the client process is gone).
  bool client_gone() const;

 private:
  int fd_ = -1;
};

/// True when `fd` (a lifeline connection) reads end-of-file or an error:
/// the peer is gone.
bool peer_closed(int fd);

}  // namespace taps::mpi
