#include "jsonl_logger.hpp"

#include "record_json.hpp"

#include "common/record_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

namespace taps::jsonl {

namespace {

// Large enough that writing 100k records/s makes few system calls between
// the host's periodic flushes.
constexpr std::size_t stream_buffer_size = 1 << 20;

}  // namespace

JsonlLogger::JsonlLogger(Host host, const Config& config)
    : host_(host), path_(loggers::record_file(host, config.get_string("file_name"))), stream_buffer_(stream_buffer_size) {
  file_.reset(std::fopen(path_.c_str(), "a"));
  if (!file_) {
    throw Error("LoggerError", "cannot open record file '" + path_.string() + "': " + std::strerror(errno));
  }
  std::setvbuf(file_.get(), stream_buffer_.data(), _IOFBF, stream_buffer_.size());
  host_.debug("writing task records to " + path_.string());
}

void JsonlLogger::write(const taps_task_record& record) {
  const std::string_view line = format_record(record);
  std::lock_guard lock(mutex_);
  // Our mutex already serializes the stream; skip stdio's own lock.
  if (fwrite_unlocked(line.data(), 1, line.size(), file_.get()) != line.size()) {
    throw Error("LoggerError", "writing to '" + path_.string() + "' failed: " + std::strerror(errno));
  }
}

void JsonlLogger::flush() {
  std::lock_guard lock(mutex_);
  if (fflush_unlocked(file_.get()) != 0) {
    throw Error("LoggerError", "flushing '" + path_.string() + "' failed: " + std::strerror(errno));
  }
}

}  // namespace taps::jsonl
