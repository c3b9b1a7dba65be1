// file_descriptor.hpp — an owned file descriptor, and writing a whole
// payload to one.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

namespace taps::transformers {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

  /// Closes now; returns close()'s result (0, or -1 with errno).
  int reset() {
    if (fd_ < 0) return 0;
    return ::close(std::exchange(fd_, -1));
  }

 private:
  int fd_;
};

/// Writes every byte (short writes and EINTR retried). Returns 0, or the
/// errno of the write that failed.
inline int write_all(int fd, const std::uint8_t* data, std::uint64_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    size -= static_cast<std::uint64_t>(n);
  }
  return 0;
}

}  // namespace taps::transformers
