// jsonl_logger.hpp — task records appended to a JSON-lines file.
#pragma once

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace taps::jsonl {

/// Each write() formats on the calling thread and appends the finished line
/// under a lock to a stdio stream with a large buffer, so concurrent workers
/// contend only for a memcpy. flush() hands the buffer to the kernel.
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

  const std::filesystem::path& path() const { return path_; }

 private:
  struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  Host host_;
  std::filesystem::path path_;
  std::mutex mutex_;
  std::vector<char> stream_buffer_;  // must outlive file_
  std::unique_ptr<std::FILE, CloseFile> file_;
};

}  // namespace taps::jsonl
