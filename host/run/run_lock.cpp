#include "run/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace taps::host {

RunLock::RunLock(const std::filesystem::path& log_file) {
  fd_ = open(log_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + log_file.string());
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd_);
    throw std::system_error(error, std::generic_category(), "cannot lock " + log_file.string());
  }
}

RunLock::~RunLock() { close(fd_); }

bool RunLock::held(const std::filesystem::path& log_file) {
  const int fd = open(log_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool taken = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close(fd);  // drops our own shared lock, if we got it
  return taken;
}

}  // namespace taps::host
