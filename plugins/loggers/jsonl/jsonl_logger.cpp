#include "jsonl_logger.hpp"

#include "record_json.hpp"

#include "common/record_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace taps::jsonl {

namespace {

// Large enough that writing 100k records/s makes few system calls between
// the host's periodic flushes.
constexpr std::size_t write_batch_size = 1 << 20;

}  // namespace

JsonlLogger::JsonlLogger(Host host, const Config& config)
    : host_(host), path_(loggers::record_file(host, config.get_string("file_name"))) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    throw Error("LoggerError", "cannot open record file '" + path_.string() + "': " + std::strerror(errno));
  }
  struct stat status {};
  if (::fstat(fd_, &status) == 0 && S_ISREG(status.st_mode)) written_ = static_cast<std::uint64_t>(status.st_size);
  pending_.reserve(write_batch_size + 4096);
  host_.debug("writing task records to " + path_.string());
}

JsonlLogger::~JsonlLogger() {
  // The host flushes before destroying; this only covers a logger used
  // without one. A failure here has no one left to tell.
  try {
    if (failure_.empty()) write_out();
  } catch (const Error&) {
  }
  ::close(fd_);
}

void JsonlLogger::write(const taps_task_record& record) {
  const std::string_view line = format_record(record);
  std::lock_guard lock(mutex_);
  if (!failure_.empty()) throw Error("LoggerError", failure_);
  pending_.append(line);
  if (pending_.size() >= write_batch_size) write_out();
}

void JsonlLogger::flush() {
  std::lock_guard lock(mutex_);
  if (!failure_.empty()) throw Error("LoggerError", failure_);
  write_out();
}

void JsonlLogger::write_out() {
  std::size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int cause = n < 0 ? errno : ENOSPC;
      // Keep the lines that reached the file whole; cut the torn rest. A
      // file that cannot be cut (a device such as /dev/full) holds nothing
      // torn anyway.
      const auto last_newline = std::string_view(pending_.data(), done).rfind('\n');
      const std::uint64_t complete = last_newline == std::string_view::npos ? 0 : last_newline + 1;
      if (done != complete) (void)::ftruncate(fd_, static_cast<off_t>(written_ + complete));
      failure_ = "writing to '" + path_.string() + "' failed: " + std::strerror(cause) + "; it keeps the " +
                 "records written before, ending in a complete line";
      pending_.clear();
      throw Error("LoggerError", failure_);
    }
    done += static_cast<std::size_t>(n);
  }
  written_ += done;
  pending_.clear();
}

}  // namespace taps::jsonl
