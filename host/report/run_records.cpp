#include "report/run_records.hpp"

#include "config/config_error.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace taps::host::report {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(std::filesystem::file_size(path), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

double number(const rapidjson::Value& object, const char* key) {
  const auto member = object.FindMember(key);
  return member != object.MemberEnd() && member->value.IsNumber() ? member->value.GetDouble() : 0.0;
}

std::string string(const rapidjson::Value& object, const char* key) {
  const auto member = object.FindMember(key);
  return member != object.MemberEnd() && member->value.IsString()
             ? std::string(member->value.GetString(), member->value.GetStringLength())
             : std::string();
}

/// Parses one line at a time into fixed buffers: a Document reused across
/// lines would keep every line's values in its pool.
class LineParser {
 public:
  using Document =
      rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>, rapidjson::MemoryPoolAllocator<>>;

  LineParser() : values_(value_buffer_, sizeof value_buffer_), stack_(stack_buffer_, sizeof stack_buffer_) {}

  template <typename Use>
  bool parse(const char* line, Use use) {
    Document d(&values_, sizeof stack_buffer_, &stack_);
    d.Parse(line);
    const bool used = !d.HasParseError() && use(d);
    values_.Clear();
    stack_.Clear();
    return used;
  }

 private:
  char value_buffer_[16384];
  char stack_buffer_[4096];
  rapidjson::MemoryPoolAllocator<> values_;
  rapidjson::MemoryPoolAllocator<> stack_;
};

/// False when `d` is not a task record.
bool parse_record(const rapidjson::Value& d, TaskRecord& r) {
  if (!d.IsObject() || !d.HasMember("task_id") || !d.HasMember("submit_time")) return false;
  r.task_id = string(d, "task_id");
  r.function = string(d, "function_name");
  if (r.function.empty()) r.function = string(d, "name");
  if (const auto parents = d.FindMember("parent_task_ids"); parents != d.MemberEnd() && parents->value.IsArray()) {
    for (const auto& p : parents->value.GetArray()) {
      if (p.IsString()) r.parents.emplace_back(p.GetString(), p.GetStringLength());
    }
  }
  r.submit_time = number(d, "submit_time");
  r.received_time = number(d, "received_time");
  r.success = d.HasMember("success") && d["success"].IsTrue();
  if (const auto e = d.FindMember("exception"); e != d.MemberEnd() && e->value.IsObject()) {
    r.exception_type = string(e->value, "type");
  }
  if (const auto x = d.FindMember("execution"); x != d.MemberEnd() && x->value.IsObject()) {
    const auto& e = x->value;
    r.has_execution = true;
    r.hostname = string(e, "hostname");
    r.execution_start_time = number(e, "execution_start_time");
    r.execution_end_time = number(e, "execution_end_time");
    r.task_start_time = number(e, "task_start_time");
    r.task_end_time = number(e, "task_end_time");
    r.input_transform_start_time = number(e, "input_transform_start_time");
    r.input_transform_end_time = number(e, "input_transform_end_time");
    r.result_transform_start_time = number(e, "result_transform_start_time");
    r.result_transform_end_time = number(e, "result_transform_end_time");
  }
  return true;
}

void read_tasks(const std::filesystem::path& path, RunRecords& run) {
  std::string text = read_file(path);
  if (!text.empty() && text.back() != '\n') text.push_back('\n');
  run.tasks.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  LineParser parser;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = text.find('\n', begin);
    text[end] = '\0';  // parse the line in place
    TaskRecord record;
    if (parser.parse(text.c_str() + begin, [&](const rapidjson::Value& d) { return parse_record(d, record); })) {
      run.tasks.push_back(std::move(record));
    } else if (end > begin) {
      ++run.skipped_lines;
      run.last_line_truncated = end + 1 == text.size();
    }
    begin = end + 1;
  }
}

void flatten(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    const std::string dotted = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table(); sub != nullptr && dotted != "run.env_vars") {
      flatten(*sub, dotted, out);
    } else {
      std::ostringstream value;
      node.visit([&](const auto& v) {
        if constexpr (toml::is_string<decltype(v)>) {
          value << v.get();
        } else {
          value << v;
        }
      });
      out[dotted] = value.str();
    }
  }
}

}  // namespace

RunRecords read_run(const std::filesystem::path& dir) {
  const auto tasks = dir / "tasks.jsonl";
  const auto config = dir / "config.toml";
  if (!std::filesystem::is_directory(dir)) throw ConfigError(fmt::format("'{}' is not a directory", dir.string()));
  if (!std::filesystem::is_regular_file(tasks) || !std::filesystem::is_regular_file(config)) {
    throw ConfigError(fmt::format("'{}' is not a run directory: it has no {}", dir.string(),
                                  std::filesystem::is_regular_file(config) ? "tasks.jsonl" : "config.toml"));
  }
  RunRecords run;
  run.dir = dir;
  try {
    flatten(toml::parse_file(config.string()), "", run.config);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}: not valid TOML: {}", config.string(), e.description()));
  }
  const auto app = run.config.find("app.name");
  if (app == run.config.end()) throw ConfigError(fmt::format("{} names no app ([app] name)", config.string()));
  run.app = app->second;
  read_tasks(tasks, run);
  return run;
}

}  // namespace taps::host::report
