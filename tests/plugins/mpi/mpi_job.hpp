// mpi_job.hpp — running taps-host with the mpi executor in the tests: as a
// plain program (it spawns its worker ranks) or under mpirun, and checking
// that no process of the job outlives it.
//
// Open MPI is told to run as root, to keep its TCP traffic on loopback (the
// tests never leave this machine), and mpirun to oversubscribe (2 cores).
#pragma once

#include "../out_of_process.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

namespace taps::mpi_testing {

using namespace taps::oop_testing;

inline constexpr double job_deadline = 60;  // seconds; a job still going then is a hang
inline constexpr double exit_grace = 5;     // seconds the job's processes may take to go after it

/// The environment every test job gets.
inline void set_mpi_environment() {
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  setenv("OMPI_MCA_btl_tcp_if_include", "lo", 1);
  setenv("OMPI_MCA_oob_tcp_if_include", "lo", 1);
  // Open MPI's help messages name the host; they do not matter here.
  setenv("OMPI_MCA_orte_base_help_aggregate", "0", 1);
}

/// Every live process below this one. The test process is a child
/// subreaper, so daemons and ranks orphaned by their parents' end land here.
inline std::vector<ProcessId> descendants(pid_t root = getpid()) {
  std::vector<ProcessId> out;
  for (const auto& child : children_of(root)) {
    if (!alive(child)) continue;
    out.push_back(child);
    const auto below = descendants(child.pid);
    out.insert(out.end(), below.begin(), below.end());
  }
  return out;
}

/// Expects every process of the job (workers, mpirun's and MPI's daemons)
/// to be gone within the grace period; kills and reports any left.
inline void expect_nothing_left() {
  const auto start = Clock::now();
  std::vector<ProcessId> left;
  for (;;) {
    reap_strays();
    left = descendants();
    if (left.empty() || seconds_since(start) > exit_grace) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(left.empty()) << "processes outlived the job: " << describe(left);
  for (const auto& p : left) ::kill(p.pid, SIGKILL);
  if (!left.empty()) still_running_after({left.begin(), left.end()}, exit_grace);
}

/// One job: `argv` (taps-host itself, or mpirun starting it) run with its
/// output in `output`, watched until it ends like any taps-host process.
class Job : public HostProcess {
 public:
  Job(const std::vector<std::string>& argv, fs::path output)
      : HostProcess(WholeCommand{}, argv, std::move(output)) {}

  /// Waits until the job ends, or kills it `deadline` seconds after its
  /// start (a hang fails the test instead of blocking it).
  const Ending& wait(double deadline = job_deadline, const std::function<void()>& while_running = {}) {
    return HostProcess::wait(deadline, while_running);
  }
};

/// taps-host run ARGS as a plain program: the mpi executor spawns its ranks.
inline std::vector<std::string> spawn_command(const Scratch& scratch, const std::string& args) {
  std::vector<std::string> argv{TAPS_HOST_BINARY};
  const auto rest = run_args(scratch, words(args));
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

/// mpirun -np RANKS taps-host run ARGS: every rank runs taps-host.
inline std::vector<std::string> mpirun_command(const Scratch& scratch, int ranks, const std::string& args) {
  std::vector<std::string> argv{TAPS_MPIEXEC, "--oversubscribe", "-np", std::to_string(ranks), TAPS_HOST_BINARY};
  const auto rest = run_args(scratch, words(args));
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

/// The pid of the job's process whose environment holds `variable`=`value`
/// (a rank of mpirun's launch), or -1.
inline pid_t find_process_with(const std::string& variable, const std::string& value) {
  const std::string wanted = variable + "=" + value;
  for (const auto& p : descendants()) {
    std::string environment = read_text("/proc/" + std::to_string(p.pid) + "/environ");
    std::size_t start = 0;
    for (std::size_t end; (end = environment.find('\0', start)) != std::string::npos; start = end + 1) {
      if (environment.compare(start, end - start, wanted) == 0) return p.pid;
    }
  }
  return -1;
}

/// The pid of a process of the job whose command line contains `text`, or -1.
inline pid_t find_process_naming(const std::string& text) {
  for (const auto& p : descendants()) {
    std::string cmdline = read_text("/proc/" + std::to_string(p.pid) + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(text) != std::string::npos) return p.pid;
  }
  return -1;
}

/// Checks a finished cholesky run: every task succeeded and the app
/// verified its factor.
inline void check_cholesky_run(const Scratch& scratch, std::size_t tasks) {
  const fs::path dir = scratch.run_dir();
  ASSERT_FALSE(dir.empty()) << "no run directory";
  const auto records = read_records(dir / "tasks.jsonl");
  EXPECT_EQ(records.size(), tasks);
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
  rapidjson::Document summary;
  summary.Parse(read_text(dir / "cholesky.json").c_str());
  ASSERT_TRUE(summary.IsObject()) << "cholesky.json";
  EXPECT_EQ(summary["tasks"].GetUint64(), tasks);
  EXPECT_LE(summary["residual"].GetDouble(), 1e-12);
}

/// The records that failed with `type`.
inline std::vector<Record> failed_with(const Scratch& scratch, const std::string& type) {
  std::vector<Record> out;
  for (const auto& r : read_records(scratch.run_dir() / "tasks.jsonl")) {
    if (!r.success && r.exception_type == type) out.push_back(r);
  }
  return out;
}

/// Sets up the environment, and checks after each test that nothing of
/// the job is left: no process, and none of Open MPI's session files, which
/// a job that ends by a lost rank or an abort leaves behind (so they go to
/// a directory of the test's own).
class MpiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_mpi_environment();
    std::string pattern = (fs::temp_directory_path() / "taps-mpi-session-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    session_dir_ = pattern;
    setenv("OMPI_MCA_orte_tmpdir_base", session_dir_.c_str(), 1);
  }
  void TearDown() override {
    expect_nothing_left();
    unsetenv("OMPI_MCA_orte_tmpdir_base");
    std::error_code ignored;
    fs::remove_all(session_dir_, ignored);
  }

 private:
  fs::path session_dir_;
};

}  // namespace taps::mpi_testing
