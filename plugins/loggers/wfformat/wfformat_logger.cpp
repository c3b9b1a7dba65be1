#include "wfformat_logger.hpp"

#include "common/json_line.hpp"
#include "common/record_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <unordered_map>

namespace taps::wfformat {

namespace {

/// "2026-12-06T01:07:51.717Z": ISO 8601 in UTC, as WfCommons writes.
std::string iso_time(double unix_seconds) {
  const auto whole = static_cast<std::time_t>(std::floor(unix_seconds));
  const auto millis = static_cast<int>((unix_seconds - static_cast<double>(whole)) * 1000);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03d}Z", text, millis);
}

void string_array(loggers::JsonLine& line, const std::vector<std::string>& items) {
  line.begin_array();
  for (const auto& item : items) line.string(item);
  line.end_array();
}

}  // namespace

WfFormatLogger::WfFormatLogger(Host host, const Config& config)
    : host_(host), path_(loggers::record_file(host, config.get_string("wfformat_file"))) {
  const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  run_name_ = run != nullptr && run->run_dir != nullptr ? std::filesystem::path(run->run_dir).filename().string()
                                                        : path_.stem().string();
  if (run_name_.empty()) run_name_ = "taps run";
  host_.debug("will write a WfFormat instance to " + path_.string());
}

WfFormatLogger::~WfFormatLogger() {
  std::lock_guard lock(mutex_);
  if (written_ == tasks_.size()) return;
  try {
    write_instance();
  } catch (const std::exception& e) {
    host_.error(e.what());
  }
}

void WfFormatLogger::write(const taps_task_record& r) {
  Task task{r.task_id != nullptr ? r.task_id : "",
            r.function_name != nullptr ? r.function_name : "task",
            {},
            r.submit_time,
            r.received_time,
            r.has_execution != 0,
            r.execution_start_time,
            r.execution_end_time,
            r.hostname != nullptr ? r.hostname : ""};
  for (uint32_t i = 0; i < r.parent_count; ++i) {
    if (r.parent_task_ids[i] != nullptr) task.parents.emplace_back(r.parent_task_ids[i]);
  }
  std::lock_guard lock(mutex_);
  tasks_.push_back(std::move(task));
}

void WfFormatLogger::flush() {
  std::lock_guard lock(mutex_);
  if (tasks_.size() >= 2 * std::max<std::size_t>(written_, 1)) write_instance();
}

void WfFormatLogger::write_instance() {
  if (tasks_.empty()) return;  // WfFormat wants at least one task
  std::unordered_map<std::string_view, std::vector<std::string>> children;
  std::set<std::string_view> known;
  for (const auto& t : tasks_) known.insert(t.id);
  for (const auto& t : tasks_) {
    for (const auto& p : t.parents) {
      if (known.count(p) != 0) children[p].push_back(t.id);
    }
  }
  double first_submit = tasks_.front().submit_time, last_received = tasks_.front().received_time;
  std::set<std::string> machines;
  for (const auto& t : tasks_) {
    first_submit = std::min(first_submit, t.submit_time);
    last_received = std::max(last_received, t.received_time);
    if (t.executed && !t.hostname.empty()) machines.insert(t.hostname);
  }

  loggers::JsonLine line;
  line.begin_object();
  line.key("name");
  line.string(run_name_);
  line.key("description");
  line.string("Tasks of a taps run (Task Performance Suite), from its task records");
  line.key("createdAt");
  line.string(iso_time(host_.now()));
  line.key("schemaVersion");
  line.string("1.5");
  line.key("runtimeSystem");
  line.begin_object();
  line.key("name");
  line.string("taps");
  line.key("version");
  line.string(fmt::format("{}.{}", TAPS_ABI_MAJOR, TAPS_ABI_MINOR));
  line.end_object();
  line.key("workflow");
  line.begin_object();
  line.key("specification");
  line.begin_object();
  line.key("tasks");
  line.begin_array();
  static const std::vector<std::string> none;
  for (const auto& t : tasks_) {
    line.begin_object();
    line.key("name");
    line.string(t.function);
    line.key("id");
    line.string(t.id);
    line.key("parents");
    // Parents that left no record (a file cut short) are not in the instance.
    std::vector<std::string> parents;
    for (const auto& p : t.parents) {
      if (known.count(p) != 0) parents.push_back(p);
    }
    string_array(line, parents);
    line.key("children");
    const auto c = children.find(t.id);
    string_array(line, c != children.end() ? c->second : none);
    line.end_object();
  }
  line.end_array();
  line.key("files");
  line.begin_array();
  line.end_array();
  line.end_object();
  line.key("execution");
  line.begin_object();
  line.key("makespanInSeconds");
  line.number(last_received - first_submit);
  line.key("executedAt");
  line.string(iso_time(first_submit));
  line.key("tasks");
  line.begin_array();
  for (const auto& t : tasks_) {
    if (!t.executed) continue;  // failed by a failed parent: it never ran
    line.begin_object();
    line.key("id");
    line.string(t.id);
    line.key("runtimeInSeconds");
    line.number(t.execution_end_time - t.execution_start_time);
    line.key("executedAt");
    line.string(iso_time(t.execution_start_time));
    line.key("command");
    line.begin_object();
    line.key("program");
    line.string(t.function);
    line.end_object();
    line.key("machines");
    string_array(line, {t.hostname.empty() ? std::string("unknown") : t.hostname});
    line.end_object();
  }
  line.end_array();
  if (!machines.empty()) {
    line.key("machines");
    line.begin_array();
    for (const auto& m : machines) {
      line.begin_object();
      line.key("nodeName");
      line.string(m);
      line.key("system");
      line.string("linux");
      line.end_object();
    }
    line.end_array();
  }
  line.end_object();
  line.end_object();
  line.end_object();
  const auto text = line.finish();

  // Replace the file whole, so a reader never sees half an instance.
  const auto partial = std::filesystem::path(path_.string() + ".partial");
  std::FILE* file = std::fopen(partial.c_str(), "w");
  if (file == nullptr) throw Error("LoggerError", "cannot open '" + partial.string() + "': " + std::strerror(errno));
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !written) {
    throw Error("LoggerError", "writing '" + partial.string() + "' failed: " + std::strerror(errno));
  }
  std::filesystem::rename(partial, path_);
  written_ = tasks_.size();
}

}  // namespace taps::wfformat
