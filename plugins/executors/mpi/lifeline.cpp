#include "lifeline.hpp"

#include <taps/error.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace taps::mpi {

namespace {

// A whole node can vanish without closing anything; TCP keepalive then
// notices within about 20 s instead of never.
void keep_alive(int fd) {
  int on = 1, idle = 10, interval = 2, count = 5;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

// connect() with a deadline, so an unreachable address costs one second.
bool connect_within(int fd, const sockaddr_in& address, int timeout_ms) {
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, timeout_ms) == 1) {
      int error = 0;
      socklen_t length = sizeof error;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
      rc = error == 0 ? 0 : -1;
    }
  }
  fcntl(fd, F_SETFL, flags);
  return rc == 0;
}

}  // namespace

bool peer_closed(int fd) {
  // The peer never writes after its index: anything readable is the end.
  char byte;
  const ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT);
  if (n == 0) return true;
  return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

LifelineListener::LifelineListener(bool loopback_only) : loopback_only_(loopback_only) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd_ < 0) throw Error("SystemError", std::string("lifeline socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(loopback_only ? INADDR_LOOPBACK : INADDR_ANY);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listen_fd_, 128) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const std::string why = std::strerror(errno);
    close(listen_fd_);
    throw Error("SystemError", "cannot listen for the workers' lifelines: " + why);
  }
  port_ = ntohs(address.sin_port);
}

LifelineListener::~LifelineListener() {
  for (int fd : fds_) {
    if (fd >= 0) close(fd);
  }
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::vector<std::string> LifelineListener::addresses() const {
  std::vector<std::string> out;
  if (loopback_only_) return out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    if (ntohl(in->sin_addr.s_addr) >> 24 == 127) continue;  // workers elsewhere cannot use loopback
    char text[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text) != nullptr) out.emplace_back(text);
  }
  freeifaddrs(list);
  return out;
}

int LifelineListener::accept_one(std::size_t worker_count) {
  if (fds_.size() < worker_count) fds_.resize(worker_count, -1);
  const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return -1;
  // The worker sends its index right after connecting.
  std::uint32_t index = 0;
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, 1000) != 1 || recv(fd, &index, sizeof index, MSG_WAITALL) != sizeof index || index >= fds_.size() ||
      fds_[index] >= 0) {
    close(fd);  // not one of ours, or confused: ignore it
    return -1;
  }
  keep_alive(fd);
  fds_[index] = fd;
  return static_cast<int>(index);
}

void LifelineListener::close_worker(std::size_t index) {
  if (index < fds_.size() && fds_[index] >= 0) {
    close(fds_[index]);
    fds_[index] = -1;
  }
}

void LifelineListener::stop_listening() {
  if (listen_fd_ >= 0) {
    close(listen_fd_);
    listen_fd_ = -1;
  }
}

Lifeline::~Lifeline() {
  if (fd_ >= 0) close(fd_);
}

std::string Lifeline::connect(bool same_host, const std::vector<std::string>& addresses, std::uint16_t port,
                              std::uint32_t index) {
  std::vector<std::string> candidates;
  if (same_host) candidates.emplace_back("127.0.0.1");
  candidates.insert(candidates.end(), addresses.begin(), addresses.end());
  std::string why = "the client offered no address";
  for (const auto& candidate : candidates) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (inet_pton(AF_INET, candidate.c_str(), &address.sin_addr) != 1) continue;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::string("socket: ") + std::strerror(errno);
    if (connect_within(fd, address, 1000) && send(fd, &index, sizeof index, MSG_NOSIGNAL) == sizeof index) {
      keep_alive(fd);
      fd_ = fd;
      return {};
    }
    why = "cannot connect to " + candidate + ":" + std::to_string(port) + ": " + std::strerror(errno);
    close(fd);
  }
  return why;
}

bool Lifeline::client_gone() const { return fd_ >= 0 && peer_closed(fd_); }

}  // namespace taps::mpi
