// Reaching workers: clear errors when no worker comes, when the port is
// taken, when the password file is missing, or when work_queue_worker is
// not installed; a password that workers must present (the right one
// works, a wrong one is refused); a worker that finds the manager by its
// project name through a catalog server.
#include "workqueue_testing.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <fstream>

namespace taps::wq_testing {
namespace {

/// A TCP socket listening on a free port of every address, as another
/// program holding the port would.
class TakenPort {
 public:
  TakenPort() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd_, 1) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on a free port: " << std::strerror(errno);
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  TakenPort(const TakenPort&) = delete;
  TakenPort& operator=(const TakenPort&) = delete;
  ~TakenPort() {
    if (fd_ >= 0) close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

/// A port that is free for TCP and for UDP on loopback right now.
int free_tcp_and_udp_port() {
  for (;;) {
    const int tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (bind(tcp, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(tcp, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        bind(udp, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      port = ntohs(address.sin_port);
    }
    close(tcp);
    close(udp);
    if (port != 0) return port;
  }
}

fs::path write_password(const Scratch& scratch, const std::string& name, const std::string& text) {
  const fs::path file = scratch.path() / name;
  std::ofstream(file) << text << "\n";
  return file;
}

/// Runs the synthetic app (a small bag) on Work Queue with `executor_args`.
struct Finished {
  Ending ending;
  std::string output;
  fs::path dir;
};

Finished run_bag(const Scratch& scratch, const std::string& executor_args) {
  HostProcess host(run_args(scratch, words("--app synthetic --app.task-count 8 --app.warmup-tasks 1 "
                                           "--engine.executor workqueue " +
                                           executor_args)),
                   scratch.path() / "out.txt");
  std::set<ProcessId> seen;
  Finished finished{wait_collecting(host, seen), host.output(), scratch.run_dir()};
  expect_nothing_left(seen, finished.dir);
  return finished;
}

TEST(WorkQueueWorkers, WithoutWorkersTheRunFailsAfterWorkerWaitTimeoutNamingTheCommandToStartOne) {
  Scratch scratch;
  const Finished run =
      run_bag(scratch, "--engine.executor.port 0 --engine.executor.worker-wait-timeout 1.5");
  ASSERT_TRUE(run.ending.exited) << to_string(run.ending);
  EXPECT_EQ(run.ending.exit_status, 1) << run.output;
  EXPECT_LT(run.ending.seconds, 15.0);
  EXPECT_NE(run.output.find("no Work Queue worker connected to the manager on port"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("within worker_wait_timeout = 1.5 s"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("start workers with `work_queue_worker "), std::string::npos) << run.output;
  // The record of the task that waited stays on disk.
  const auto records = read_records(run.dir / "tasks.jsonl");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].function, "warmup");
  EXPECT_EQ(records[0].exception_type, "NoWorkersError");
}

TEST(WorkQueueWorkers, APortInUseIsAClearErrorNamingThePort) {
  Scratch scratch;
  const TakenPort taken;
  const Finished run = run_bag(scratch, "--engine.executor.port " + std::to_string(taken.port()) +
                                            " --engine.executor.local-workers 2");
  ASSERT_TRUE(run.ending.exited) << to_string(run.ending);
  EXPECT_NE(run.ending.exit_status, 0);
  EXPECT_NE(run.output.find("cannot listen on port " + std::to_string(taken.port()) + ": the port is in use"),
            std::string::npos)
      << run.output;
  EXPECT_TRUE(read_records(run.dir / "tasks.jsonl").empty()) << "no task may run";
}

TEST(WorkQueueWorkers, AMissingPasswordFileIsAClearError) {
  Scratch scratch;
  const fs::path missing = scratch.path() / "no-such-password";
  const Finished run = run_bag(scratch, "--engine.executor.port 0 --engine.executor.password " + missing.string());
  ASSERT_TRUE(run.ending.exited) << to_string(run.ending);
  EXPECT_NE(run.ending.exit_status, 0);
  EXPECT_NE(run.output.find("the password file " + missing.string() + " does not exist"), std::string::npos)
      << run.output;
}

TEST(WorkQueueWorkers, LocalWorkersWithThePasswordRunTheTasks) {
  Scratch scratch;
  const fs::path password = write_password(scratch, "password", "right-horse-battery");
  const Finished run = run_bag(scratch, "--engine.executor.port 0 --engine.executor.local-workers 2 "
                                        "--engine.executor.password " +
                                            password.string());
  ASSERT_TRUE(run.ending.exited && run.ending.exit_status == 0) << to_string(run.ending) << "\n" << run.output;
  EXPECT_NE(run.output.find("workers need the password in " + password.string()), std::string::npos) << run.output;
  const auto records = read_records(run.dir / "tasks.jsonl");
  EXPECT_EQ(records.size(), 9u);
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
}

TEST(WorkQueueWorkers, AWorkerWithAWrongPasswordIsRefused) {
  Scratch scratch;
  const fs::path right = write_password(scratch, "right", "right-horse-battery");
  const fs::path wrong = write_password(scratch, "wrong", "wrong-horse-battery");
  HostProcess host(run_args(scratch, words("--app synthetic --app.task-count 4 --app.warmup-tasks 1 " +
                                           workqueue_args(0, "--engine.executor.worker-wait-timeout 4 "
                                                             "--engine.executor.password " +
                                                                 right.string()))),
                   scratch.path() / "out.txt");
  std::optional<Program> worker;
  std::set<ProcessId> seen;
  const Ending& ending = wait_collecting(host, seen, [&] {
    if (worker) return;
    if (const auto port = logged_port(host.output())) {
      worker.emplace(std::vector<std::string>{"work_queue_worker", "--single-shot", "--password", wrong.string(),
                                              "--workdir", scratch.path().string(), "localhost",
                                              std::to_string(*port)},
                     scratch.path() / "worker.txt");
    }
  });
  ASSERT_TRUE(worker.has_value()) << "the manager never said its port\n" << host.output();
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_EQ(ending.exit_status, 1) << host.output();
  EXPECT_NE(host.output().find("NoWorkersError"), std::string::npos) << host.output();
  // The worker was told why (it then keeps trying, as workers do, until stopped).
  EXPECT_NE(worker->output().find("wrong password"), std::string::npos) << worker->output();
  worker->stop();
  const auto records = read_records(scratch.run_dir() / "tasks.jsonl");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].exception_type, "NoWorkersError");
  expect_nothing_left(seen, scratch.run_dir());
}

TEST(WorkQueueWorkers, AWorkerFindsTheManagerByItsProjectNameThroughTheCatalog) {
  Scratch scratch;
  // A catalog server of our own, on loopback, on a port free for TCP and
  // UDP alike (it uses both); tried again if another program takes the port
  // first.
  std::optional<Program> catalog;
  std::string catalog_port;
  for (int attempt = 0; attempt < 5 && catalog_port.empty(); ++attempt) {
    const int port = free_tcp_and_udp_port();
    catalog.emplace(std::vector<std::string>{"catalog_server", "--port", std::to_string(port), "--interface",
                                             "127.0.0.1", "--update-host", "127.0.0.1", "--update-interval", "3600"},
                    scratch.path() / ("catalog-" + std::to_string(attempt) + ".txt"));
    if (!catalog->wait(0.5).has_value()) catalog_port = std::to_string(port);
  }
  ASSERT_FALSE(catalog_port.empty()) << "the catalog server did not start\n" << catalog->output();
  const std::string catalog_address = "127.0.0.1:" + catalog_port;
  const std::string project = "taps-test-" + std::to_string(getpid());

  HostProcess host(run_args(scratch, words("--app synthetic --app.task-count 6 --app.warmup-tasks 1 " +
                                           workqueue_args(0, "--engine.executor.worker-wait-timeout 60 "
                                                             "--engine.executor.project-name " +
                                                                 project + " --engine.executor.catalog " +
                                                                 catalog_address))),
                   scratch.path() / "out.txt");
  // A worker asks the catalog once and then only after a long back-off:
  // start it once the manager is listed.
  bool listed = false;
  for (const auto start = Clock::now(); !listed && seconds_since(start) < 20;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    run_program({"catalog_query", "--catalog", catalog_address}, scratch.path() / "catalog-query.txt");
    listed = read_text(scratch.path() / "catalog-query.txt").find(project) != std::string::npos;
  }
  ASSERT_TRUE(listed) << "the manager never reported to the catalog\n" << host.output();
  // Not told the manager's address or port: only its project name.
  Program worker({"work_queue_worker", "--single-shot", "--workdir", scratch.path().string(), "--manager-name",
                  project, "--catalog", catalog_address},
                 scratch.path() / "worker.txt");
  std::set<ProcessId> seen;
  const Ending& ending = wait_collecting(host, seen);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n"
                                                        << host.output() << "\n"
                                                        << worker.output();
  EXPECT_NE(host.output().find("as project '" + project + "'"), std::string::npos) << host.output();
  const auto records = read_records(scratch.run_dir() / "tasks.jsonl");
  EXPECT_EQ(records.size(), 7u);
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
  EXPECT_NE(worker.output().find("connected to manager"), std::string::npos) << worker.output();
  EXPECT_TRUE(worker.wait(10).has_value()) << "the single-shot worker did not leave with its manager";
  expect_nothing_left(seen, scratch.run_dir());
}

TEST(WorkQueueWorkers, LocalWorkersWithoutWorkQueueInstalledAreAClearError) {
  Scratch scratch;
  // taps-host finds work_queue_worker on PATH; an empty directory hides it.
  const fs::path empty = scratch.path() / "empty-bin";
  fs::create_directories(empty);
  const std::string saved = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  setenv("PATH", empty.c_str(), 1);
  const Finished run = run_bag(scratch, "--engine.executor.port 0 --engine.executor.local-workers 2");
  setenv("PATH", saved.c_str(), 1);
  ASSERT_TRUE(run.ending.exited) << to_string(run.ending);
  EXPECT_NE(run.ending.exit_status, 0);
  EXPECT_NE(run.output.find("local_workers needs the work_queue_worker program (Debian package "
                            "coop-computing-tools), and it is not on PATH"),
            std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace taps::wq_testing
