// jsonl_logger.hpp — task records appended to a JSON-lines file.
#pragma once

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

namespace taps::jsonl {

/// Each write() formats on the calling thread and appends the finished line
/// under a lock to a buffer of whole lines, so concurrent workers contend
/// only for a memcpy. flush() (or a full buffer) hands it to the kernel with
/// write(2). When a write fails (disk full, file size limit) the file is cut
/// back to its last complete line, so it never ends in a torn record, and
/// every later write() and flush() fails with the same message.
class JsonlLogger {
 public:
  static constexpr PluginInfo info{"jsonl", "1.0.0", "Writes one JSON object per finished task to a file."};
  static constexpr taps_option_desc options[] = {
      option::string("file_name", "Record file; a relative name is inside the run directory.")
          .defaults("tasks.jsonl"),
  };

  JsonlLogger(Host host, const Config& config);

  void write(const taps_task_record& record);
  void flush();
  ~JsonlLogger();
  JsonlLogger(const JsonlLogger&) = delete;
  JsonlLogger& operator=(const JsonlLogger&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  void write_out();  // with mutex_ held; throws after cutting back a failed write

  Host host_;
  std::filesystem::path path_;
  std::mutex mutex_;
  int fd_ = -1;
  std::string pending_;     // whole lines not yet written
  std::uint64_t written_ = 0;  // file size after the last complete write
  std::string failure_;     // set once a write failed
};

}  // namespace taps::jsonl
