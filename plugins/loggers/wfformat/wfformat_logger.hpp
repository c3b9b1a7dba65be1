// wfformat_logger.hpp — the run as a WfCommons WfFormat 1.5 instance
// (github.com/wfcommons/WfFormat), so WfCommons tools read our runs:
// specification tasks with parents and children, execution tasks with
// runtimes, start times and machines.
//
// A WfFormat instance is one JSON document whose tasks list their children,
// known only once every record is in, so the file is written whole: at the
// end of the run, and on a flush once the records have doubled since the
// last write (linear work in all, and a killed run keeps an instance of at
// least half its tasks).
#pragma once

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace taps::wfformat {

class WfFormatLogger {
 public:
  static constexpr PluginInfo info{"wfformat", "1.0.0",
                                   "Writes the run as a WfCommons WfFormat 1.5 instance (JSON) at its end."};
  static constexpr taps_option_desc options[] = {
      option::string("wfformat_file", "Instance file; a relative name is inside the run directory.")
          .defaults("workflow.json"),
  };

  WfFormatLogger(Host host, const Config& config);
  ~WfFormatLogger();
  WfFormatLogger(const WfFormatLogger&) = delete;
  WfFormatLogger& operator=(const WfFormatLogger&) = delete;

  void write(const taps_task_record& record);
  void flush();

 private:
  struct Task {
    std::string id;
    std::string function;
    std::vector<std::string> parents;
    double submit_time;
    double received_time;
    bool executed;
    double execution_start_time;
    double execution_end_time;
    std::string hostname;
  };

  /// Writes the instance of every record so far. Caller holds mutex_.
  void write_instance();

  Host host_;
  std::filesystem::path path_;
  std::string run_name_;
  std::mutex mutex_;
  std::vector<Task> tasks_;
  std::size_t written_ = 0;
};

}  // namespace taps::wfformat
