#include "report/figures.hpp"

#include "plugins/plugin_path.hpp"

#include <fmt/format.h>

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace taps::host::report {

namespace {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

template <typename Range, typename Format>
void put_array(std::string& out, const Range& range, Format format) {
  out += '[';
  bool first = true;
  for (const auto& item : range) {
    if (!first) out += ',';
    first = false;
    out += format(item);
  }
  out += ']';
}

std::string figure_data(const RunRecords& run, const RunStats& stats) {
  const double t0 = stats.start_time;
  auto seconds = [](double s) { return fmt::format("{:.6f}", s); };
  std::vector<std::string> functions;
  for (const auto& f : stats.functions) functions.push_back(f.name);
  std::string out = "{\"functions\":";
  put_array(out, functions, json_string);
  out += ",\"workers\":";
  put_array(out, stats.workers, [](const WorkerStats& w) { return json_string(fmt::format("{} #{}", w.host, w.slot)); });

  std::vector<int> worker, function;
  std::vector<double> start, end;
  for (std::size_t i = 0; i < run.tasks.size(); ++i) {
    if (stats.task_worker[i] < 0) continue;
    const auto& r = run.tasks[i];
    worker.push_back(static_cast<int>(stats.task_worker[i]));
    function.push_back(static_cast<int>(std::lower_bound(functions.begin(), functions.end(), r.function) -
                                        functions.begin()));
    start.push_back(r.execution_start_time - t0);
    end.push_back(r.execution_end_time - t0);
  }
  auto integer = [](int i) { return std::to_string(i); };
  out += ",\"tasks\":{\"worker\":";
  put_array(out, worker, integer);
  out += ",\"function\":";
  put_array(out, function, integer);
  out += ",\"start\":";
  put_array(out, start, seconds);
  out += ",\"end\":";
  put_array(out, end, seconds);

  // Tasks in flight: +1 at each submit, −1 at each receipt.
  std::vector<std::pair<double, int>> events;
  events.reserve(2 * run.tasks.size());
  for (const auto& r : run.tasks) {
    events.emplace_back(r.submit_time - t0, 1);
    events.emplace_back(r.received_time - t0, -1);
  }
  std::sort(events.begin(), events.end());
  std::vector<double> times;
  std::vector<int> counts;
  int in_flight = 0;
  for (const auto& [time, change] : events) {
    in_flight += change;
    if (!times.empty() && times.back() == time) {
      counts.back() = in_flight;
    } else {
      times.push_back(time);
      counts.push_back(in_flight);
    }
  }
  out += "},\"in_flight\":{\"time\":";
  put_array(out, times, seconds);
  out += ",\"count\":";
  put_array(out, counts, integer);

  out += "},\"phases\":{\"names\":";
  std::vector<std::string> names;
  for (std::size_t p = 0; p < phase_count; ++p) names.emplace_back(phase_name(static_cast<Phase>(p)));
  put_array(out, names, json_string);
  out += ",\"median\":{";
  bool first = true;
  for (const auto& f : stats.functions) {
    if (f.phases[0].count == 0) continue;  // never ran
    out += fmt::format("{}{}:", first ? "" : ",", json_string(f.name));
    first = false;
    put_array(out, f.phases, [](const Distribution& d) { return fmt::format("{:.9f}", d.median); });
  }
  out += "}}}\n";
  return out;
}

std::string group_data(const RunGroups& groups) {
  std::string out = "{\"keys\":";
  put_array(out, groups.keys, json_string);
  out += ",\"metrics\":";
  std::vector<std::string> metrics;
  for (const auto& m : run_metrics()) {
    if (!m.plotted) continue;
    metrics.push_back(m.unit.empty() ? std::string(m.name) : fmt::format("{} ({})", m.name, m.unit));
  }
  put_array(out, metrics, json_string);
  out += ",\"groups\":";
  put_array(out, groups.groups, [](const RunGroup& g) {
    std::string group = "{\"values\":";
    put_array(group, g.values, json_string);
    group += ",\"mean\":";
    std::vector<double> mean, ci95;
    for (std::size_t m = 0; m < g.metrics.size(); ++m) {
      if (!run_metrics()[m].plotted) continue;
      mean.push_back(g.metrics[m].mean);
      ci95.push_back(g.metrics[m].ci95);
    }
    auto number = [](double v) { return fmt::format("{:.9g}", v); };
    put_array(group, mean, number);
    group += ",\"ci95\":";
    put_array(group, ci95, number);
    return group + "}";
  });
  return out + "}\n";
}

void run_script(const std::filesystem::path& script, const std::string& mode, const std::filesystem::path& data,
                const std::filesystem::path& out_dir) {
  const std::string python = "/usr/bin/python3";
  std::vector<std::string> args{python, script.string(), mode, data.string(), out_dir.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, python.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + python + " to draw the figures");
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(fmt::format("drawing the figures failed: {} {} exited with status {}", python,
                                         script.string(), WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
}

}  // namespace

std::filesystem::path figure_script() {
  if (const char* dir = std::getenv("TAPS_SHARE_DIR"); dir != nullptr && *dir != '\0') {
    return std::filesystem::path(dir) / "report_figures.py";
  }
  return executable_directory().parent_path() / "share" / "taps" / "report_figures.py";
}

namespace {

/// Writes `data` to `out_dir`/figures/figure_data.json and runs the script
/// in `mode` on it.
void draw(const std::string& mode, const std::string& data, const std::filesystem::path& out_dir) {
  const auto script = figure_script();
  if (!std::filesystem::is_regular_file(script)) {
    throw std::runtime_error("the figure script " + script.string() + " is missing (set TAPS_SHARE_DIR)");
  }
  const auto dir = out_dir / "figures";
  std::filesystem::create_directories(dir);
  const auto file = dir / "figure_data.json";
  {
    std::ofstream out(file, std::ios::binary);
    out << data;
    if (!out) throw std::runtime_error("cannot write " + file.string());
  }
  run_script(script, mode, file, dir);
}

}  // namespace

std::vector<Figure> draw_group_figures(const RunGroups& groups, const std::filesystem::path& out_dir) {
  if (groups.keys.empty()) return {};
  draw("groups", group_data(groups), out_dir);
  std::vector<Figure> figures;
  for (const auto& m : run_metrics()) {
    if (!m.plotted) continue;
    std::string file(m.name);
    std::replace(file.begin(), file.end(), ' ', '_');
    figures.push_back({"figures/" + file + ".png", fmt::format("{}: mean and 95 % confidence interval", m.name)});
  }
  return figures;
}

std::vector<Figure> draw_figures(const RunRecords& run, const RunStats& stats, const std::filesystem::path& out_dir) {
  draw("run", figure_data(run, stats), out_dir);
  return {
      {"figures/timeline.png", "Tasks per worker slot over time, coloured by function"},
      {"figures/in_flight.png", "Tasks in flight (submitted, not yet received) over time"},
      {"figures/phases.png", "Median time per task in each phase, per function"},
  };
}

}  // namespace taps::host::report
