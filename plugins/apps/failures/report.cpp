#include "report.hpp"

#include "injected_tasks.hpp"

#include <taps/error.hpp>

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace taps::failures {

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::FileWriteStream>;

void write_string(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_count(Writer& w, const char* key, std::size_t value) {
  w.Key(key);
  w.Uint64(value);
}

const char* role_name(Role role) {
  switch (role) {
    case Role::untouched: return "untouched";
    case Role::chosen: return "chosen";
    case Role::injected_parent: return "injected_parent";
  }
  return "unknown";
}

}  // namespace

std::string summary_line(const RunFacts& facts, const Verdict& v) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", facts.rate);
  return "failures: injected=" + std::to_string(v.injected) + " observed=" + std::to_string(v.observed) +
         " type=" + std::string(name_of(facts.type)) + " rate=" + rate + " base=" + facts.base + " (" +
         std::to_string(v.as_injected) + " as injected, " + std::to_string(v.masked) + " masked by a failed parent, " +
         std::to_string(v.collateral) + " collateral; " + std::to_string(v.dependants_failed) +
         " dependants failed, " + std::to_string(v.succeeded) + " succeeded, " + std::to_string(v.unexpected) +
         " unexpected, of " + std::to_string(v.tasks) + " tasks)";
}

std::string unexpected_outcomes(const std::vector<TrackedTask>& tasks, const Verdict& verdict, std::size_t limit) {
  std::string text;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < tasks.size() && shown < limit; ++i) {
    if (verdict.judgements[i].outcome != Outcome::unexpected) continue;
    const TrackedTask& task = tasks[i];
    text += (text.empty() ? "" : "; ") + std::string("task ") + task.task_id + " (" + role_name(task.role) + " " +
            task.function + "): expected " + verdict.judgements[i].expected + ", saw " + seen(task);
    ++shown;
  }
  if (verdict.unexpected > shown) text += "; and " + std::to_string(verdict.unexpected - shown) + " more";
  return text;
}

void write_report(const std::filesystem::path& file, const RunFacts& facts, const std::vector<TrackedTask>& tasks,
                  const Verdict& verdict) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(file.c_str(), "w"), &std::fclose);
  if (!out) throw Error("AppError", "cannot write '" + file.string() + "': " + std::strerror(errno));
  char buffer[8192];
  rapidjson::FileWriteStream stream(out.get(), buffer, sizeof buffer);
  Writer w(stream);
  w.StartObject();
  write_string(w, "base", facts.base);
  write_string(w, "failure_type", std::string(name_of(facts.type)));
  w.Key("failure_rate");
  w.Double(facts.rate);
  w.Key("seed");
  w.Uint64(facts.seed);
  write_string(w, "executor", facts.executor);
  write_string(w, "executor_traits", trait_names(facts.executor_traits));
  w.Key("types_executor_survives");
  w.StartArray();
  for (FailureType type : facts.candidates) w.String(std::string(name_of(type)).c_str());
  w.EndArray();

  write_count(w, "tasks", verdict.tasks);
  write_count(w, "injected", verdict.injected);
  write_count(w, "observed", verdict.observed);
  write_count(w, "as_injected", verdict.as_injected);
  write_count(w, "masked", verdict.masked);
  write_count(w, "collateral", verdict.collateral);
  write_count(w, "dependants_failed", verdict.dependants_failed);
  write_count(w, "succeeded", verdict.succeeded);
  write_count(w, "unexpected", verdict.unexpected);
  w.Key("injected_by_type");
  w.StartObject();
  for (const auto& [type, count] : verdict.injected_by_type) write_count(w, type.c_str(), count);
  w.EndObject();

  w.Key("base_app");
  w.StartObject();
  w.Key("succeeded");
  w.Bool(facts.base_succeeded);
  if (!facts.base_succeeded) write_string(w, "error", facts.base_error);
  w.EndObject();
  w.Key("verdict");
  w.String(verdict.holds() ? "ok" : "failed");

  // Every injected task and injected parent, and every task that ended
  // otherwise than predicted; untouched tasks that did what was expected
  // are in tasks.jsonl.
  w.Key("tasks_of_note");
  w.StartArray();
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const TrackedTask& task = tasks[i];
    const Judgement& judgement = verdict.judgements[i];
    if (task.role == Role::untouched && judgement.outcome != Outcome::unexpected) continue;
    w.StartObject();
    write_string(w, "task_id", task.task_id);
    w.Key("role");
    w.String(role_name(task.role));
    if (task.role != Role::untouched) write_string(w, "failure_type", std::string(name_of(task.type)));
    switch (task.role) {
      case Role::injected_parent:
        write_string(w, "parent_of", task.function);
        write_string(w, "function", facts.plugin + "." + injected_function(task.type));
        break;
      case Role::chosen:
        write_string(w, "replaces", task.function);
        // A dependency injection keeps the task's function and adds a parent.
        write_string(w, "function", task.type == FailureType::dependency
                                        ? task.function
                                        : facts.plugin + "." + injected_function(task.type));
        break;
      case Role::untouched:
        write_string(w, "function", task.function);
        break;
    }
    w.Key("outcome");
    w.String(name_of(judgement.outcome));
    if (judgement.outcome == Outcome::unexpected) write_string(w, "expected", judgement.expected);
    w.Key("success");
    w.Bool(task.success);
    if (!task.success) {
      write_string(w, "exception_type", task.error_type);
      write_string(w, "exception_message", task.error_message);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
  // fwrite only buffers: a full disk shows in the flush, and must fail the run.
  if (std::fflush(out.get()) != 0 || std::ferror(out.get()) != 0) {
    throw Error("AppError", "cannot write '" + file.string() + "': " + std::strerror(errno));
  }
}

}  // namespace taps::failures
