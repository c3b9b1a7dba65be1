#include "trace_logger.hpp"

#include "common/record_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace taps::chrome_trace {

namespace {

constexpr double us(double seconds) { return seconds * 1e6; }

// The track of tasks that failed without running (a failed parent): they
// have a time of receipt and nothing else.
constexpr int client_pid = 0;

}  // namespace

TraceLogger::TraceLogger(Host host, const Config& config)
    : host_(host), path_(loggers::record_file(host, config.get_string("trace_file"))), file_(nullptr, &std::fclose) {
  file_.reset(std::fopen(path_.c_str(), "w"));
  if (!file_) throw Error("LoggerError", "cannot open trace file '" + path_.string() + "': " + std::strerror(errno));
  std::fputs("[\n", file_.get());
  emit(R"json({"ph":"M","name":"process_name","pid":0,"tid":0,"args":{"name":"client (tasks that never ran)"}})json");
  host_.debug("writing a Chrome trace to " + path_.string());
}

TraceLogger::~TraceLogger() {
  std::lock_guard lock(mutex_);
  std::fputs("\n]\n", file_.get());
}

void TraceLogger::emit(std::string_view event) {
  if (!first_event_) std::fputs(",\n", file_.get());
  first_event_ = false;
  if (std::fwrite(event.data(), 1, event.size(), file_.get()) != event.size()) {
    throw Error("LoggerError", "writing to '" + path_.string() + "' failed: " + std::strerror(errno));
  }
}

void TraceLogger::emit_line() {
  const auto text = line_.finish();
  emit(text.substr(0, text.size() - 1));  // without the '\n': emit() separates
}

TraceLogger::Placement TraceLogger::place(const taps_task_record& r) {
  const std::string host_name = r.hostname != nullptr ? r.hostname : "";
  auto [it, added] = hosts_.try_emplace(host_name, HostTracks{static_cast<int>(hosts_.size()) + 1, {}});
  auto& tracks = it->second;
  if (added) {
    line_.clear();
    line_.begin_object();
    line_.key("ph");
    line_.string("M");
    line_.key("name");
    line_.string("process_name");
    line_.key("pid");
    line_.number(tracks.pid);
    line_.key("tid");
    line_.number(0);
    line_.key("args");
    line_.begin_object();
    line_.key("name");
    line_.string("host " + host_name);
    line_.end_object();
    line_.end_object();
    emit_line();
  }
  const double start = us(r.execution_start_time);
  std::size_t slot = 0;
  while (slot < tracks.slot_free_at.size() && tracks.slot_free_at[slot] > start) ++slot;
  if (slot == tracks.slot_free_at.size()) {
    tracks.slot_free_at.push_back(0);
    emit(fmt::format(R"json({{"ph":"M","name":"thread_name","pid":{},"tid":{},"args":{{"name":"worker slot {}"}}}})json",
                     tracks.pid, slot, slot));
  }
  tracks.slot_free_at[slot] = us(r.execution_end_time);
  return {tracks.pid, static_cast<int>(slot), start};
}

void TraceLogger::put_slice(const char* name, const char* category, double start, double end,
                            const Placement& where) {
  line_.clear();
  line_.begin_object();
  line_.key("ph");
  line_.string("X");
  line_.key("name");
  line_.string(name);
  line_.key("cat");
  line_.string(category);
  line_.key("pid");
  line_.number(where.pid);
  line_.key("tid");
  line_.number(where.tid);
  line_.key("ts");
  line_.number(us(start));
  line_.key("dur");
  line_.number(us(end) - us(start));
  line_.end_object();
  emit_line();
}

void TraceLogger::put_flows(const taps_task_record& r, const Placement& child) {
  for (uint32_t i = 0; i < r.parent_count; ++i) {
    const auto parent = placed_.find(r.parent_task_ids[i] != nullptr ? r.parent_task_ids[i] : "");
    if (parent == placed_.end()) continue;  // a parent that never ran
    const auto id = next_flow_++;
    const auto& from = parent->second;
    emit(fmt::format(R"json({{"ph":"s","name":"dependency","cat":"dependency","id":{},"pid":{},"tid":{},"ts":{:.3f}}})json",
                     id, from.pid, from.tid, from.start_us));
    emit(fmt::format(
        R"json({{"ph":"f","bp":"e","name":"dependency","cat":"dependency","id":{},"pid":{},"tid":{},"ts":{:.3f}}})json", id,
        child.pid, child.tid, child.start_us));
  }
}

void TraceLogger::write(const taps_task_record& r) {
  const char* function = r.function_name != nullptr ? r.function_name : "task";
  std::lock_guard lock(mutex_);
  if (r.has_execution == 0) {
    line_.clear();
    line_.begin_object();
    line_.key("ph");
    line_.string("i");
    line_.key("s");
    line_.string("p");
    line_.key("name");
    line_.string(std::string(function) + " (never ran)json");
    line_.key("cat");
    line_.string("task");
    line_.key("pid");
    line_.number(client_pid);
    line_.key("tid");
    line_.number(0);
    line_.key("ts");
    line_.number(us(r.received_time));
    line_.key("args");
    line_.begin_object();
    line_.key("task_id");
    line_.string_or_null(r.task_id);
    line_.key("exception");
    line_.string_or_null(r.exception_type);
    line_.end_object();
    line_.end_object();
    emit_line();
    return;
  }
  const Placement where = place(r);
  // The task, its phases nested inside: one slice each.
  line_.clear();
  line_.begin_object();
  line_.key("ph");
  line_.string("X");
  line_.key("name");
  line_.string(function);
  line_.key("cat");
  line_.string("task");
  line_.key("pid");
  line_.number(where.pid);
  line_.key("tid");
  line_.number(where.tid);
  line_.key("ts");
  line_.number(us(r.execution_start_time));
  line_.key("dur");
  line_.number(us(r.execution_end_time) - us(r.execution_start_time));
  line_.key("args");
  line_.begin_object();
  line_.key("task_id");
  line_.string_or_null(r.task_id);
  line_.key("success");
  line_.boolean(r.success != 0);
  line_.key("exception");
  line_.string_or_null(r.success != 0 ? nullptr : r.exception_type);
  line_.key("waiting_s");
  line_.number(r.execution_start_time - r.submit_time);
  line_.key("return_s");
  line_.number(r.received_time - r.execution_end_time);
  line_.end_object();
  line_.end_object();
  emit_line();
  put_slice("input transform", "phase", r.input_transform_start_time, r.input_transform_end_time, where);
  put_slice("execution", "phase", r.task_start_time, r.task_end_time, where);
  put_slice("result transform", "phase", r.result_transform_start_time, r.result_transform_end_time, where);
  put_flows(r, where);
  if (r.task_id != nullptr) placed_.emplace(r.task_id, where);
}

void TraceLogger::flush() {
  std::lock_guard lock(mutex_);
  if (std::fflush(file_.get()) != 0) {
    throw Error("LoggerError", "flushing '" + path_.string() + "' failed: " + std::strerror(errno));
  }
}

}  // namespace taps::chrome_trace
