// json_line.hpp — builds one JSON object as text, fast; shared by the loggers.
//
// The record logger formats a record per finished task on the worker that
// finished it, at hundreds of thousands of records per second, so a general
// JSON writer's per-character work shows up in task throughput. This writer
// knows only what records need: objects, arrays of strings, strings, bools,
// null and doubles that read back bit for bit.
#pragma once

#include <string>
#include <string_view>

namespace taps::loggers {

class JsonLine {
 public:
  /// Starts a new line, reusing the buffer's capacity.
  void clear() {
    out_.clear();
    first_ = true;
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  /// Writes `"key":`; `key` must need no escaping.
  void key(std::string_view key);

  void string(std::string_view value);
  void string_or_null(const char* value);
  void number(double value);  // null when not finite: JSON has no NaN
  void boolean(bool value);
  void null();

  /// Ends the line with '\n' and returns it.
  std::string_view finish() {
    out_.push_back('\n');
    return out_;
  }

 private:
  void separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  void open(char c) {
    separate();
    out_.push_back(c);
    first_ = true;
  }
  void close(char c) {
    out_.push_back(c);
    first_ = false;
  }

  std::string out_;
  bool first_ = true;
};

}  // namespace taps::loggers
