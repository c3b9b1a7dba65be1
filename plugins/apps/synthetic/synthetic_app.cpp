#include "synthetic_app.hpp"

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace taps::synthetic {

namespace {

constexpr const char* structure_names[] = {"bag", "diamond", "reduce", "sequential"};

Structure parse_structure(const std::string& name) {
  for (std::size_t i = 0; i < std::size(structure_names); ++i) {
    if (name == structure_names[i]) return static_cast<Structure>(i);
  }
  throw Error("ConfigError", "unknown structure '" + name + "'; expected bag, diamond, reduce or sequential",
              TAPS_INVALID_ARGUMENT);
}

const char* name_of(Structure structure) { return structure_names[static_cast<std::size_t>(structure)]; }

/// The tasks a workflow submits (as its Makespan counts them): a diamond
/// adds a source and a sink, a reduce its one reducing task.
std::size_t workflow_tasks(Structure structure, std::size_t task_count) {
  switch (structure) {
    case Structure::diamond: return task_count + 2;
    case Structure::reduce: return task_count + 1;
    case Structure::bag:
    case Structure::sequential: break;
  }
  return task_count;
}

std::size_t count_option(const Config& config, const char* key) {
  const std::int64_t value = config.get_int(key);
  if (value < 0) throw Error("ConfigError", std::string(key) + " must not be negative", TAPS_INVALID_ARGUMENT);
  return static_cast<std::size_t>(value);
}

// Twice the hardware threads keeps every worker of a default thread pool
// busy while the client refills the bag.
std::size_t default_bag_max_running() { return 2 * std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace

SyntheticApp::SyntheticApp(Host host, const Config& config)
    : host_(host),
      structure_(parse_structure(config.get_string("structure"))),
      task_count_(std::max<std::size_t>(1, count_option(config, "task_count"))),
      task_data_bytes_(count_option(config, "task_data_bytes")),
      task_sleep_(std::max(0.0, config.get_double("task_sleep"))),
      task_std_(std::max(0.0, config.get_double("task_std"))),
      bag_max_running_(count_option(config, "bag_max_running")),
      warmup_tasks_(count_option(config, "warmup_tasks")),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))) {
  if (bag_max_running_ == 0) bag_max_running_ = default_bag_max_running();
}

void SyntheticApp::run(Engine& engine, const std::filesystem::path& run_dir) {
  engine.expect_tasks(warmup_tasks_ + workflow_tasks(structure_, task_count_));
  if (warmup_tasks_ > 0) {
    host_.info("Submitting " + std::to_string(warmup_tasks_) + " warmup task(s)");
    std::vector<TaskFuture<None>> warmups;
    for (std::size_t i = 0; i < warmup_tasks_; ++i) warmups.push_back(engine.submit(&warmup));
    for (const auto& w : warmups) w.result();
    host_.info("Warmup completed");
  }

  host_.info(std::string("Starting ") + name_of(structure_) + " workflow");
  Workload work(engine, host_, task_count_, task_data_bytes_, task_sleep_, task_std_, seed_);
  const Makespan makespan = run_structure(work);
  const double rate = static_cast<double>(makespan.tasks) / makespan.seconds;

  char line[160];
  std::snprintf(line, sizeof line, "Completed %zu/%zu tasks in %.3f s (rate: %.2f tasks/s); data verified",
                makespan.tasks, makespan.tasks, makespan.seconds, rate);
  host_.info(line);

  // synthetic.json: the numbers benchmark scripts read.
  const auto path = run_dir / "synthetic.json";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  rapidjson::PrettyWriter<rapidjson::FileWriteStream> w(stream);
  w.StartObject();
  w.Key("structure");
  w.String(name_of(structure_));
  w.Key("task_count");
  w.Uint64(task_count_);
  w.Key("tasks");
  w.Uint64(makespan.tasks);
  w.Key("task_data_bytes");
  w.Uint64(task_data_bytes_);
  w.Key("task_sleep");
  w.Double(task_sleep_);
  w.Key("seconds");
  w.Double(makespan.seconds);
  w.Key("tasks_per_s");
  w.Double(rate);
  // The reference paper's data-transfer metric: makespan / tasks.
  w.Key("avg_task_time_s");
  w.Double(makespan.seconds / static_cast<double>(makespan.tasks));
  if (const RoundTrips& trips = makespan.round_trips; !trips.empty()) {
    w.Key("round_trip_median_s");
    w.Double(trips.median());
    w.Key("round_trip_mean_s");
    w.Double(trips.mean());
    w.Key("round_trip_max_s");
    w.Double(trips.max());
  }
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
  // fwrite only buffers: a full disk shows in the flush, and must fail the run.
  if (std::fflush(file.get()) != 0 || std::ferror(file.get()) != 0) {
    throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  }
}

Makespan SyntheticApp::run_structure(Workload& work) {
  switch (structure_) {
    case Structure::bag: return run_bag(work, bag_max_running_);
    case Structure::diamond: return run_diamond(work);
    case Structure::reduce: return run_reduce(work);
    case Structure::sequential: return run_sequential(work);
  }
  throw Error("AppError", "unhandled workflow structure");
}

}  // namespace taps::synthetic
