// trace_logger.hpp — task records as a Chrome Trace Event Format file, which
// Perfetto (ui.perfetto.dev) and chrome://tracing open.
//
// A process per host, a track (thread) per worker slot, a slice per task
// with its phases nested inside, and flow arrows from each parent to its
// children. Records name a task's host but not its worker, so a host's
// tasks go to the lowest slot free at their start: slices on a track never
// overlap. The file is the format's JSON array form, written as records
// arrive; the closing bracket, written at the end of the run, is optional
// to the viewers, so a run killed half-way still leaves a readable trace.
#pragma once

#include "common/json_line.hpp"

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace taps::chrome_trace {

class TraceLogger {
 public:
  static constexpr PluginInfo info{"chrome-trace", "1.0.0",
                                   "Writes the run as a Chrome trace (Perfetto, chrome://tracing): a track per "
                                   "worker, a slice per task phase, arrows along dependencies."};
  static constexpr taps_option_desc options[] = {
      option::string("trace_file", "Trace file; a relative name is inside the run directory.").defaults("trace.json"),
  };

  TraceLogger(Host host, const Config& config);
  ~TraceLogger();
  TraceLogger(const TraceLogger&) = delete;
  TraceLogger& operator=(const TraceLogger&) = delete;

  void write(const taps_task_record& record);
  void flush();

 private:
  /// Where a task's slice is: what a child's flow arrow starts from.
  struct Placement {
    int pid;
    int tid;
    double start_us;
  };
  struct HostTracks {
    int pid;
    std::vector<double> slot_free_at;  // µs
  };

  Placement place(const taps_task_record& r);
  void emit(std::string_view event);
  /// Emits the event built in line_.
  void emit_line();
  void put_slice(const char* name, const char* category, double start, double end, const Placement& where);
  void put_flows(const taps_task_record& r, const Placement& child);

  Host host_;
  std::filesystem::path path_;
  std::mutex mutex_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  loggers::JsonLine line_;
  bool first_event_ = true;
  std::map<std::string, HostTracks> hosts_;
  std::unordered_map<std::string, Placement> placed_;
  unsigned long next_flow_ = 1;
};

}  // namespace taps::chrome_trace
