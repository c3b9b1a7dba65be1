#include "record_json.hpp"

#include "common/json_line.hpp"

namespace taps::jsonl {

using loggers::JsonLine;

namespace {

void put_exception(JsonLine& line, const taps_task_record& r) {
  line.key("exception");
  if (r.success != 0) {
    line.null();
    return;
  }
  line.begin_object();
  line.key("type");
  line.string(r.exception_type != nullptr ? r.exception_type : "Error");
  line.key("message");
  line.string(r.exception_message != nullptr ? r.exception_message : "");
  line.key("traceback");
  line.string_or_null(r.exception_traceback);
  line.end_object();
}

void put_time(JsonLine& line, std::string_view key, double value) {
  line.key(key);
  line.number(value);
}

void put_execution(JsonLine& line, const taps_task_record& r) {
  line.key("execution");
  if (r.has_execution == 0) {
    line.null();
    return;
  }
  line.begin_object();
  line.key("hostname");
  line.string(r.hostname != nullptr ? r.hostname : "");
  put_time(line, "execution_start_time", r.execution_start_time);
  put_time(line, "execution_end_time", r.execution_end_time);
  put_time(line, "task_start_time", r.task_start_time);
  put_time(line, "task_end_time", r.task_end_time);
  put_time(line, "input_transform_start_time", r.input_transform_start_time);
  put_time(line, "input_transform_end_time", r.input_transform_end_time);
  put_time(line, "result_transform_start_time", r.result_transform_start_time);
  put_time(line, "result_transform_end_time", r.result_transform_end_time);
  line.end_object();
}

}  // namespace

std::string_view format_record(const taps_task_record& r) {
  // One buffer per thread: its capacity is reused, so formatting allocates
  // nothing in the steady state and needs no lock.
  thread_local JsonLine line;
  line.clear();
  line.begin_object();
  line.key("task_id");
  line.string_or_null(r.task_id);
  // The reference's tools read function_name; DESIGN.md names it `name`.
  line.key("function_name");
  line.string_or_null(r.function_name);
  line.key("name");
  line.string_or_null(r.function_name);
  line.key("parent_task_ids");
  line.begin_array();
  for (uint32_t i = 0; i < r.parent_count; ++i) {
    const char* parent = r.parent_task_ids[i];
    line.string(parent != nullptr ? parent : "");
  }
  line.end_array();
  put_time(line, "submit_time", r.submit_time);
  put_time(line, "received_time", r.received_time);
  line.key("success");
  line.boolean(r.success != 0);
  put_exception(line, r);
  put_execution(line, r);
  line.end_object();
  return line.finish();
}

}  // namespace taps::jsonl
