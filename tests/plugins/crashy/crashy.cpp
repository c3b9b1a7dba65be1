// crashy — a test-only plugin library for out-of-process execution.
//
// The `crashy` app submits one misbehaving task (it segfaults, aborts, calls
// exit(3), raises, sleeps, or waits to be killed from outside, by `mode`),
// one task that depends on it, and `tasks` ordinary tasks that each return
// the pid of the process that ran them. It then checks every outcome against
// what the mode should produce (the misbehaving task fails with the right
// error, its dependant with a DependencyError, every ordinary task succeeds)
// and fails the run if anything differs. crashy.json in the run directory
// lists the outcomes and the worker pids the tasks saw.
//
// The `crashy-gate` filter passes nothing; its only purpose is to be created
// in every worker process, where `in_worker` can make it refuse to start or
// hang, to test how an executor copes with workers that cannot start.
#include <taps/plugin.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace crashy {

namespace fs = std::filesystem;
using taps::Bytes;

void sleep_for(double seconds) {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

void write_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << text;
  }
  fs::rename(temporary, path);
}

// ---- task functions --------------------------------------------------------

/// The payload byte at `index`: a pattern that a shifted, truncated or
/// mixed-up payload does not match.
std::uint8_t payload_byte(std::size_t index) { return static_cast<std::uint8_t>((index * 31 + index / 251) % 253); }

/// An ordinary task: checks its payload, sleeps a little and returns the
/// pid that ran it.
std::int64_t ok(double sleep, taps::BytesView payload) {
  for (std::size_t i = 0; i < payload.size; ++i) {
    if (payload.data[i] != payload_byte(i)) {
      throw std::runtime_error("payload byte " + std::to_string(i) + " of " + std::to_string(payload.size) +
                               " arrived changed");
    }
  }
  sleep_for(sleep);
  return static_cast<std::int64_t>(getpid());
}

/// The misbehaving task. Creates `marker` if given (see crashy-gate), waits
/// `delay` seconds (so tasks queue up behind it on the same worker), writes
/// its pid to `pid_file` (so a test knows it is about to misbehave, and can
/// find the worker to kill), then does what `mode` says.
std::int64_t bad(std::string mode, double delay, double sleep, std::string pid_file, std::string marker) {
  if (!marker.empty()) write_atomically(marker, "no more workers\n");
  sleep_for(delay);
  if (!pid_file.empty()) write_atomically(pid_file, std::to_string(getpid()) + "\n");
  if (mode == "segfault") {
    // The default action even under a sanitizer that catches SIGSEGV, and
    // through a volatile, so the compiler cannot turn it into a trap.
    signal(SIGSEGV, SIG_DFL);
    volatile std::intptr_t address = 0;
    *reinterpret_cast<volatile int*>(address) = 42;
  } else if (mode == "abort") {
    std::abort();
  } else if (mode == "exit") {
    std::exit(3);
  } else if (mode == "throw") {
    throw std::runtime_error("crashy task raised on purpose");
  } else if (mode == "sleep" || mode == "kill") {
    sleep_for(sleep);
  }
  return static_cast<std::int64_t>(getpid());
}

/// Depends on the misbehaving task; never runs when that one failed.
std::int64_t dependant(std::int64_t parent) { return parent; }

/// Returns its input reversed: lets a test run one encoded task by hand.
Bytes echo(Bytes data) {
  std::reverse(data.begin(), data.end());
  return data;
}

// ---- the app -----------------------------------------------------------------

struct Expected {
  bool success;
  std::string type;
  std::string message_part;
};

Expected expected_for(const std::string& mode) {
  if (mode == "segfault") return {false, "WorkerCrashed", "signal 11"};
  if (mode == "abort") return {false, "WorkerCrashed", "signal 6"};
  if (mode == "exit") return {false, "WorkerCrashed", "exited with status 3"};
  if (mode == "kill") return {false, "WorkerCrashed", "signal 9"};
  if (mode == "sleep") return {false, "TimeoutError", "timeout"};
  if (mode == "throw") return {false, "std::runtime_error", "crashy task raised on purpose"};
  return {true, "", ""};
}

struct Outcome {
  std::string task_id;
  bool success = false;
  std::string type;
  std::string message;
};

template <class T>
Outcome outcome_of(const taps::TaskFuture<T>& future) {
  Outcome outcome;
  outcome.task_id = future.task_id();
  auto error = future.exception();
  outcome.success = !error.has_value();
  if (error) {
    outcome.type = error->type();
    outcome.message = error->what();
  }
  return outcome;
}

class CrashyApp {
 public:
  static constexpr taps::PluginInfo info{"crashy", "1.0.0",
                                         "Test-only: a task that crashes, hangs or raises among ordinary tasks."};
  static constexpr taps_option_desc options[] = {
      taps::option::choice("mode", "ok|segfault|abort|exit|throw|sleep|kill", "What the misbehaving task does.")
          .defaults("segfault"),
      taps::option::integer("tasks", "Ordinary tasks submitted after the misbehaving one.").defaults("20").min(0),
      taps::option::real("task_sleep", "Seconds each ordinary task sleeps.").defaults("0.01").min(0).unit("s"),
      taps::option::integer("payload_bytes", "Bytes of checked data each ordinary task gets.").defaults("0").min(0),
      taps::option::real("delay", "Seconds the misbehaving task runs before it misbehaves.")
          .defaults("0.2")
          .min(0)
          .unit("s"),
      taps::option::real("sleep", "Seconds the misbehaving task sleeps in modes sleep and kill.")
          .defaults("10")
          .min(0)
          .unit("s"),
      taps::option::boolean("app_error", "Fail the app, with its tasks in flight, right after submitting them.")
          .defaults("false"),
      taps::option::boolean("break_workers",
                            "The misbehaving task marks the run so that crashy-gate (in_worker = marker) keeps "
                            "new workers from starting.")
          .defaults("false"),
  };
  static constexpr taps::TaskDef tasks[] = {TAPS_TASK(ok), TAPS_TASK(bad), TAPS_TASK(dependant), TAPS_TASK(echo)};

  CrashyApp(taps::Host host, const taps::Config& config)
      : host_(host),
        mode_(config.get_string("mode")),
        tasks_(static_cast<std::size_t>(config.get_int("tasks"))),
        task_sleep_(config.get_double("task_sleep")),
        payload_bytes_(static_cast<std::size_t>(config.get_int("payload_bytes"))),
        delay_(config.get_double("delay")),
        sleep_(config.get_double("sleep")),
        app_error_(config.get_bool("app_error")),
        break_workers_(config.get_bool("break_workers")) {}

  void run(taps::Engine& engine, const fs::path& run_dir) {
    const fs::path pid_file = run_dir / "crashy-bad.pid";
    const fs::path marker = break_workers_ ? run_dir / "crashy-break-workers" : fs::path();
    auto bad_future = engine.submit(bad, mode_, delay_, sleep_, pid_file.string(), marker.string());
    auto dependant_future = engine.submit(dependant, bad_future);
    std::vector<taps::TaskFuture<std::int64_t>> oks;
    Bytes payload(payload_bytes_);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = payload_byte(i);
    for (std::size_t i = 0; i < tasks_; ++i) oks.push_back(engine.submit(ok, task_sleep_, payload));
    host_.info("submitted " + std::to_string(tasks_ + 2) + " tasks; the misbehaving one is " + bad_future.task_id());
    if (app_error_) throw taps::Error("AppError", "crashy fails on purpose with its tasks in flight");

    std::vector<std::string> problems;
    std::set<std::int64_t> pids;
    std::size_t ok_succeeded = 0;
    for (const auto& future : oks) {
      Outcome o = outcome_of(future);
      if (o.success) {
        ++ok_succeeded;
        pids.insert(future.result());
      } else {
        problems.push_back("ordinary task " + o.task_id + " failed: " + o.type + ": " + o.message);
      }
    }
    const Outcome bad_outcome = outcome_of(bad_future);
    const Outcome dependant_outcome = outcome_of(dependant_future);
    if (bad_outcome.success) pids.insert(bad_future.result());
    if (std::ifstream in(pid_file); in) {
      std::int64_t pid = 0;
      if (in >> pid) pids.insert(pid);
    }

    const Expected want = expected_for(mode_);
    if (bad_outcome.success != want.success) {
      problems.push_back("the " + mode_ + " task " + (bad_outcome.success ? "succeeded" : "failed") +
                         (want.success ? "; expected success" : "; expected a failure") +
                         (bad_outcome.success ? "" : " (" + bad_outcome.type + ": " + bad_outcome.message + ")"));
    } else if (!want.success) {
      if (bad_outcome.type != want.type) {
        problems.push_back("the " + mode_ + " task failed with " + bad_outcome.type + "; expected " + want.type);
      }
      if (bad_outcome.message.find(want.message_part) == std::string::npos) {
        problems.push_back("the " + mode_ + " task's error '" + bad_outcome.message + "' does not mention '" +
                           want.message_part + "'");
      }
    }
    if (want.success != dependant_outcome.success) {
      problems.push_back(std::string("the dependant ") + (dependant_outcome.success ? "succeeded" : "failed") +
                         " (" + dependant_outcome.type + ": " + dependant_outcome.message + ")");
    } else if (!want.success && dependant_outcome.type != "DependencyError") {
      problems.push_back("the dependant failed with " + dependant_outcome.type + "; expected DependencyError");
    }

    write_summary(run_dir / "crashy.json", pids, ok_succeeded, bad_outcome, dependant_outcome, problems);
    if (!problems.empty()) {
      std::string text;
      for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p;
      throw taps::Error("AppError", "crashy: " + text);
    }
    host_.info("crashy: " + std::to_string(ok_succeeded) + " ordinary tasks succeeded; the " + mode_ +
               " task ended as expected");
  }

 private:
  void write_summary(const fs::path& path, const std::set<std::int64_t>& pids, std::size_t ok_succeeded,
                     const Outcome& bad_outcome, const Outcome& dependant_outcome,
                     const std::vector<std::string>& problems) const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto outcome = [&w](const char* key, const Outcome& o) {
      w.Key(key);
      w.StartObject();
      w.Key("task_id");
      w.String(o.task_id.c_str());
      w.Key("success");
      w.Bool(o.success);
      w.Key("type");
      w.String(o.type.c_str());
      w.Key("message");
      w.String(o.message.c_str());
      w.EndObject();
    };
    w.StartObject();
    w.Key("mode");
    w.String(mode_.c_str());
    w.Key("worker_pids");
    w.StartArray();
    for (auto pid : pids) w.Int64(pid);
    w.EndArray();
    w.Key("ok_succeeded");
    w.Uint64(ok_succeeded);
    outcome("bad", bad_outcome);
    outcome("dependant", dependant_outcome);
    w.Key("problems");
    w.StartArray();
    for (const auto& p : problems) w.String(p.c_str());
    w.EndArray();
    w.EndObject();
    write_atomically(path.string(), std::string(buffer.GetString()) + "\n");
  }

  taps::Host host_;
  std::string mode_;
  std::size_t tasks_;
  double task_sleep_;
  std::size_t payload_bytes_;
  double delay_;
  double sleep_;
  bool app_error_;
  bool break_workers_;
};

// ---- the filter ----------------------------------------------------------------

class CrashyGate {
 public:
  static constexpr taps::PluginInfo info{"crashy-gate", "1.0.0",
                                         "Test-only: passes nothing; can keep worker processes from starting."};
  static constexpr taps_option_desc options[] = {
      taps::option::choice("in_worker", "start|fail|hang|marker",
                           "In a worker process: start normally, fail, hang, or fail once the run directory "
                           "holds crashy-break-workers.")
          .defaults("start"),
  };

  CrashyGate(taps::Host host, const taps::Config& config) {
    // The client offers apps the engine; a worker process does not.
    const taps_host* h = host.get();
    if (h->get_interface(h, TAPS_INTERFACE_ENGINE) != nullptr) return;
    const std::string what = config.get_string("in_worker");
    if (what == "fail") throw taps::Error("GateError", "crashy-gate refuses to start in a worker process");
    if (what == "hang") sleep_for(600);
    if (what == "marker") {
      const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
      if (run != nullptr && run->run_dir != nullptr && fs::exists(fs::path(run->run_dir) / "crashy-break-workers")) {
        throw taps::Error("GateError", "crashy-gate: the run is marked crashy-break-workers; this worker refuses");
      }
    }
  }

  bool accepts(std::string_view, std::uint64_t) { return false; }
};

}  // namespace crashy

TAPS_PLUGINS(taps::app<crashy::CrashyApp>, taps::filter<crashy::CrashyGate>)
