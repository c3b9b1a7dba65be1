#include "report/report_files.hpp"

#include <fmt/format.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace taps::host::report {

namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::OStreamWrapper>;

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

template <typename Fill>
void write_json(const std::filesystem::path& path, Fill fill) {
  std::ofstream out(path, std::ios::binary);
  rapidjson::OStreamWrapper stream(out);
  JsonWriter w(stream);
  fill(w);
  out << '\n';
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void key(JsonWriter& w, std::string_view name) { w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size())); }
void string(JsonWriter& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

std::string config_value(const RunRecords& run, const std::string& key) {
  const auto it = run.config.find(key);
  return it == run.config.end() ? "" : it->second;
}

// A duration in the unit that keeps three significant digits readable.
std::string duration(double seconds) {
  const double magnitude = seconds < 0 ? -seconds : seconds;
  if (magnitude == 0) return "0";
  if (magnitude < 1e-3) return fmt::format("{:.3g} µs", seconds * 1e6);
  if (magnitude < 1) return fmt::format("{:.3g} ms", seconds * 1e3);
  return fmt::format("{:.3g} s", seconds);
}

std::string skipped_note(const RunRecords& run) {
  if (run.skipped_lines == 0) return "";
  return fmt::format("**{} line(s) of tasks.jsonl skipped** as not a task record{}; the numbers below are from the "
                     "{} readable records.\n\n",
                     run.skipped_lines, run.last_line_truncated ? " (the last line is cut short)" : "",
                     run.tasks.size());
}

std::string run_markdown(const RunRecords& run, const RunStats& s, const std::vector<Figure>& figures) {
  std::string md = fmt::format("# Report: {} on {}\n\nRun directory: `{}`\n\n", run.app,
                               config_value(run, "engine.executor.name"), run.dir.string());
  md += skipped_note(run);
  const double ratio = s.critical_path.seconds > 0 ? s.makespan / s.critical_path.seconds : 0;
  md += "## Summary\n\n| tasks | succeeded | failed | makespan (s) | throughput (tasks/s) | critical path (s) | "
        "makespan / critical path |\n|---:|---:|---:|---:|---:|---:|---:|\n";
  md += fmt::format("| {} | {} | {} | {:.6g} | {:.6g} | {:.6g} | {:.2f} |\n\n", s.submitted, s.succeeded, s.failed,
                    s.makespan, s.throughput, s.critical_path.seconds, ratio);
  md += "Makespan: last `received_time` − first `submit_time`; throughput: tasks / makespan. The critical path is "
        "the longest dependency chain (`parent_task_ids`) summing each task's execution time: the makespan the "
        "task graph would allow with unlimited workers.\n\n";

  md += "## Phases per function (median / p95 / max)\n\n| function | tasks | failed |";
  std::string rule = "|---|---:|---:|";
  for (std::size_t p = 0; p < phase_count; ++p) {
    md += fmt::format(" {} |", phase_name(static_cast<Phase>(p)));
    rule += "---:|";
  }
  md += "\n" + rule + "\n";
  for (const auto& f : s.functions) {
    md += fmt::format("| {} | {} | {} |", f.name, f.tasks, f.failed);
    for (const auto& d : f.phases) {
      md += d.count == 0 ? " – |" : fmt::format(" {} / {} / {} |", duration(d.median), duration(d.p95), duration(d.max));
    }
    md += "\n";
  }
  md += "\nwaiting: submit → execution start; return: execution end → received; overhead: the engine's work on "
        "the worker outside the transforms and the function.\n\n";

  md += "## Workers\n\nRecords name the host, not the process: a host's tasks are packed onto the fewest worker "
        "slots whose execution intervals do not overlap. Utilisation: busy time / makespan.\n\n"
        "| host | slot | tasks | busy (s) | utilisation |\n|---|---:|---:|---:|---:|\n";
  constexpr std::size_t shown = 64;
  for (std::size_t i = 0; i < std::min(shown, s.workers.size()); ++i) {
    const auto& w = s.workers[i];
    md += fmt::format("| {} | {} | {} | {:.4g} | {:.1f} % |\n", w.host, w.slot, w.tasks, w.busy_seconds,
                      100 * w.utilisation);
  }
  if (s.workers.size() > shown) md += fmt::format("| … {} more | | | | |\n", s.workers.size() - shown);

  md += fmt::format("\n## Critical path\n\n{} tasks, {}: {}\n", s.critical_path.tasks, duration(s.critical_path.seconds),
                    s.critical_path.functions);
  if (!figures.empty()) {
    md += "\n## Figures\n\n";
    for (const auto& f : figures) md += fmt::format("![{}]({})\n\n", f.caption, f.file);
  }
  return md;
}

void put_distribution(JsonWriter& w, const Distribution& d) {
  w.StartObject();
  key(w, "count");
  w.Uint64(d.count);
  key(w, "median");
  w.Double(d.median);
  key(w, "p95");
  w.Double(d.p95);
  key(w, "max");
  w.Double(d.max);
  key(w, "mean");
  w.Double(d.mean);
  w.EndObject();
}

void put_run_json(JsonWriter& w, const RunRecords& run, const RunStats& s, const std::vector<Figure>& figures) {
  w.StartObject();
  key(w, "app");
  string(w, run.app);
  key(w, "run_dir");
  string(w, run.dir.string());
  key(w, "skipped_lines");
  w.Uint64(run.skipped_lines);
  key(w, "last_line_truncated");
  w.Bool(run.last_line_truncated);
  key(w, "tasks");
  w.Uint64(s.submitted);
  key(w, "succeeded");
  w.Uint64(s.succeeded);
  key(w, "failed");
  w.Uint64(s.failed);
  key(w, "makespan");
  w.Double(s.makespan);
  key(w, "throughput");
  w.Double(s.throughput);
  key(w, "mean_task_time");
  w.Double(s.mean_round_trip);
  key(w, "critical_path");
  w.StartObject();
  key(w, "seconds");
  w.Double(s.critical_path.seconds);
  key(w, "tasks");
  w.Uint64(s.critical_path.tasks);
  key(w, "functions");
  string(w, s.critical_path.functions);
  w.EndObject();
  key(w, "functions");
  w.StartObject();
  for (const auto& f : s.functions) {
    key(w, f.name);
    w.StartObject();
    key(w, "tasks");
    w.Uint64(f.tasks);
    key(w, "failed");
    w.Uint64(f.failed);
    key(w, "phases");
    w.StartObject();
    for (std::size_t p = 0; p < phase_count; ++p) {
      key(w, phase_name(static_cast<Phase>(p)));
      put_distribution(w, f.phases[p]);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  key(w, "workers");
  w.StartArray();
  for (const auto& worker : s.workers) {
    w.StartObject();
    key(w, "host");
    string(w, worker.host);
    key(w, "slot");
    w.Uint64(worker.slot);
    key(w, "tasks");
    w.Uint64(worker.tasks);
    key(w, "busy_seconds");
    w.Double(worker.busy_seconds);
    key(w, "utilisation");
    w.Double(worker.utilisation);
    w.EndObject();
  }
  w.EndArray();
  key(w, "figures");
  w.StartArray();
  for (const auto& f : figures) string(w, f.file);
  w.EndArray();
  w.EndObject();
}

std::string summary_cell(const Summary& s) {
  if (s.count < 2) return fmt::format("{:.4g}", s.mean);
  return fmt::format("{:.4g} ± {:.3g} (CI ±{:.3g})", s.mean, s.std, s.ci95);
}

}  // namespace

std::string write_run_report(const RunRecords& run, const RunStats& stats, const std::vector<Figure>& figures,
                             const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  const std::string md = run_markdown(run, stats, figures);
  write_text(out_dir / "report.md", md);
  write_json(out_dir / "report.json", [&](JsonWriter& w) { put_run_json(w, run, stats, figures); });
  return md;
}

std::string write_group_report(const std::vector<RunRecords>& runs, const RunGroups& groups,
                               const std::vector<Figure>& figures, const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  const auto& metrics = run_metrics();
  std::string md = fmt::format("# Report: {} runs of {}\n\n", runs.size(), runs.front().app);
  for (const auto& run : runs) md += skipped_note(run).empty() ? "" : fmt::format("`{}`: {}", run.dir.string(), skipped_note(run));
  md += groups.keys.empty() ? "The runs share every configuration key: one group of repeats.\n\n"
                            : "Grouped by the configuration keys that differ between the runs; each cell is mean ± "
                              "standard deviation over the group's runs, with the half-width of the 95 % Student-t "
                              "confidence interval of the mean.\n\n";
  md += "|";
  std::string rule = "|";
  for (const auto& k : groups.keys) {
    md += fmt::format(" {} |", k);
    rule += "---|";
  }
  md += " runs |";
  rule += "---:|";
  for (const auto& m : metrics) {
    md += m.unit.empty() ? fmt::format(" {} |", m.name) : fmt::format(" {} ({}) |", m.name, m.unit);
    rule += "---:|";
  }
  md += "\n" + rule + "\n";
  for (const auto& g : groups.groups) {
    md += "|";
    for (const auto& v : g.values) md += fmt::format(" {} |", v);
    md += fmt::format(" {} |", g.runs.size());
    for (std::size_t m = 0; m < metrics.size(); ++m) md += fmt::format(" {} |", summary_cell(g.metrics[m]));
    md += "\n";
  }
  if (!figures.empty()) md += "\n";
  for (const auto& f : figures) md += fmt::format("![{}]({})\n\n", f.caption, f.file);
  write_text(out_dir / "report.md", md);
  write_json(out_dir / "report.json", [&](JsonWriter& w) {
    w.StartObject();
    key(w, "app");
    string(w, runs.front().app);
    key(w, "keys");
    w.StartArray();
    for (const auto& k : groups.keys) string(w, k);
    w.EndArray();
    key(w, "groups");
    w.StartArray();
    for (const auto& g : groups.groups) {
      w.StartObject();
      key(w, "values");
      w.StartArray();
      for (const auto& v : g.values) string(w, v);
      w.EndArray();
      key(w, "runs");
      w.StartArray();
      for (std::size_t i : g.runs) string(w, runs[i].dir.string());
      w.EndArray();
      key(w, "metrics");
      w.StartObject();
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        key(w, metrics[m].name);
        w.StartObject();
        key(w, "count");
        w.Uint64(g.metrics[m].count);
        key(w, "mean");
        w.Double(g.metrics[m].mean);
        key(w, "std");
        w.Double(g.metrics[m].std);
        key(w, "ci95");
        w.Double(g.metrics[m].ci95);
        w.EndObject();
      }
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
  return md;
}

}  // namespace taps::host::report
