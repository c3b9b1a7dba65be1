// Two hosts on one machine: the manager (taps-host) in one network
// namespace, a work_queue_worker in another, joined by a veth pair. The
// worker reaches the manager only through the pair's addresses, and
// receives taps-task and the plugins from the manager: the way a worker on
// another machine does. Skipped where namespaces cannot be created (no
// root, no iproute2, a restricted container).
#include "workqueue_testing.hpp"

#include <unistd.h>

namespace taps::wq_testing {
namespace {

/// Two network namespaces joined by a veth pair, deleted again (with the
/// pair) when the object goes, whatever the test did.
class TwoHosts {
 public:
  explicit TwoHosts(const fs::path& scratch) : scratch_(scratch) {
    const auto id = static_cast<unsigned>(getpid());
    manager_ns_ = "taps-wq-m-" + std::to_string(id);
    worker_ns_ = "taps-wq-w-" + std::to_string(id);
    // Interface names have at most 15 characters.
    const std::string manager_if = "twm" + std::to_string(id % 1000000);
    const std::string worker_if = "tww" + std::to_string(id % 1000000);
    const std::string subnet = "10.213." + std::to_string(id % 250) + ".";
    manager_address_ = subnet + "1";
    worker_address_ = subnet + "2";

    if (ip({"netns", "add", manager_ns_}) != 0) {
      problem_ = "cannot create a network namespace: " + last_output_;
      return;
    }
    manager_created_ = true;
    if (ip({"netns", "add", worker_ns_}) != 0) {
      problem_ = "cannot create a second network namespace: " + last_output_;
      return;
    }
    worker_created_ = true;
    const std::vector<std::vector<std::string>> steps{
        {"-n", manager_ns_, "link", "add", manager_if, "type", "veth", "peer", "name", worker_if, "netns",
         worker_ns_},
        {"-n", manager_ns_, "addr", "add", manager_address_ + "/24", "dev", manager_if},
        {"-n", worker_ns_, "addr", "add", worker_address_ + "/24", "dev", worker_if},
        {"-n", manager_ns_, "link", "set", manager_if, "up"},
        {"-n", worker_ns_, "link", "set", worker_if, "up"},
        {"-n", manager_ns_, "link", "set", "lo", "up"},
        {"-n", worker_ns_, "link", "set", "lo", "up"},
        {"netns", "exec", worker_ns_, "true"},
    };
    for (const auto& step : steps) {
      if (ip(step) != 0) {
        std::string command = "ip";
        for (const auto& a : step) command += " " + a;
        problem_ = "`" + command + "` failed: " + last_output_;
        return;
      }
    }
  }
  TwoHosts(const TwoHosts&) = delete;
  TwoHosts& operator=(const TwoHosts&) = delete;
  ~TwoHosts() {
    if (worker_created_) ip({"netns", "del", worker_ns_});
    if (manager_created_) ip({"netns", "del", manager_ns_});
  }

  /// Empty when both hosts are up; otherwise why not.
  const std::string& problem() const { return problem_; }
  const std::string& manager_ns() const { return manager_ns_; }
  const std::string& worker_ns() const { return worker_ns_; }
  const std::string& manager_address() const { return manager_address_; }
  const std::string& worker_address() const { return worker_address_; }

 private:
  int ip(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"ip"};
    argv.insert(argv.end(), args.begin(), args.end());
    const fs::path output = scratch_ / "ip.txt";
    const int status = run_program(argv, output);
    last_output_ = read_text(output);
    return status;
  }

  fs::path scratch_;
  std::string manager_ns_, worker_ns_, manager_address_, worker_address_;
  bool manager_created_ = false;
  bool worker_created_ = false;
  std::string problem_;
  std::string last_output_;
};

TEST(WorkQueueTwoHosts, AWorkerInAnotherNetworkNamespaceRunsTheBagShippedFromTheManager) {
  Scratch scratch;
  if (geteuid() != 0) GTEST_SKIP() << "network namespaces need root; skipping the two-host test";
  const TwoHosts hosts(scratch.path());
  if (!hosts.problem().empty()) GTEST_SKIP() << "no network namespaces here, skipping: " << hosts.problem();

  std::vector<std::string> argv{"ip", "netns", "exec", hosts.manager_ns(), TAPS_HOST_BINARY};
  for (const auto& a : run_args(scratch, words("--app synthetic --app.task-count 12 --app.task-data-bytes 3001 "
                                               "--app.warmup-tasks 1 " +
                                               workqueue_args(0, "--engine.executor.worker-wait-timeout 60")))) {
    argv.push_back(a);
  }
  Program manager(argv, scratch.path() / "out.txt");
  std::optional<int> port;
  const auto start = Clock::now();
  while (!port && seconds_since(start) < 30 && !manager.wait(0.05)) port = logged_port(manager.output());
  ASSERT_TRUE(port.has_value()) << "the manager never said its port\n" << manager.output();

  const fs::path workdir = scratch.path() / "remote-worker";
  fs::create_directories(workdir);
  Program worker({"ip", "netns", "exec", hosts.worker_ns(), "work_queue_worker", "--single-shot", "--workdir",
                  workdir.string(), hosts.manager_address(), std::to_string(*port)},
                 scratch.path() / "worker.txt");

  const auto status = manager.wait(run_deadline);
  ASSERT_TRUE(status.has_value()) << "taps-host still runs after " << run_deadline << " s\n" << manager.output();
  ASSERT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << manager.output() << "\n" << worker.output();

  const fs::path dir = scratch.run_dir();
  const auto records = read_records(dir / "tasks.jsonl");
  EXPECT_EQ(records.size(), 13u);
  for (const auto& r : records) EXPECT_TRUE(r.success) << r.id << ": " << r.exception_message;
  // The worker connected from the other namespace's address.
  const std::string transactions = read_text(dir / "workqueue" / "transactions.log");
  EXPECT_NE(transactions.find(hosts.worker_address() + ":"), std::string::npos) << transactions;
  EXPECT_TRUE(worker.wait(10).has_value()) << "the single-shot worker did not leave with its manager";
  expect_nothing_left({}, dir);
}

}  // namespace
}  // namespace taps::wq_testing
