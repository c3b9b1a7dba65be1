// The moldesign app run by taps-host with the real RDKit and xtb on a tiny
// search space: a small campaign on thread-pool, process-pool and
// workqueue, its IPs checked against xtb run by hand, the failures app
// wrapping it, and clear failures for bad input and a missing xtb.
#include "host_run.hpp"
#include "moldesign/molecule.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

// Sixteen small molecules: a campaign over them takes a few seconds.
constexpr const char* tiny_search_space =
    "C\nCC\nCCC\nCCCC\nO\nCO\nCCO\nCCCO\nN\nCN\nCCN\nC#N\nCC#N\nFC(F)F\nC=O\nCC=O\n";

// A campaign of 7 simulations: 4 at random, then a batch of 3 the model
// chooses; so 1 training, min(64, 16) inferences and their combination.
std::string campaign_args(const Scratch& scratch) {
  const fs::path dataset = scratch.path() / "tiny.smi";
  std::ofstream(dataset) << tiny_search_space;
  return "--app moldesign --app.dataset " + dataset.string() +
         " --app.initial-count 4 --app.search-count 7 --app.batch-size 3 --app.seed 0 ";
}

const std::map<std::string, int> campaign_tasks{
    {"compute_vertical", 7}, {"train_model", 1}, {"run_model", 16}, {"combine_inferences", 1}};

struct Row {
  std::string smiles;
  std::string ie;  // as written: xtb's four decimals
};

std::vector<Row> read_results(const fs::path& csv) {
  std::ifstream in(csv);
  std::vector<Row> rows;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "smiles,ie,batch,time");
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Row row;
    std::getline(fields, row.smiles, ',');
    std::getline(fields, row.ie, ',');
    rows.push_back(row);
  }
  return rows;
}

void expect_verified_campaign(const HostRun& run) {
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  EXPECT_EQ(run.task_counts(), campaign_tasks);
  EXPECT_EQ(read_results(run.run_dir() / "results.csv").size(), 7u);
  const std::string log = read_text(run.run_dir() / "log.txt");
  for (const char* verdict : {"Verified: every IP lies in", "Verified: the best IP never decreased",
                              "Verified: the surrogate's held-out RMSE"}) {
    EXPECT_NE(log.find(verdict), std::string::npos) << verdict << "\n" << log;
  }
}

// What xtb prints as the vertical IP when run by hand, in a directory of
// the test's, on the geometry the simulate task starts from.
std::string ip_by_hand(const fs::path& dir, const std::string& smiles) {
  fs::create_directories(dir);
  std::ofstream(dir / "start.xyz") << moldesign::initial_xyz(smiles);
  const std::string command = "cd " + dir.string() +
                              " && export OMP_NUM_THREADS=1 XTBPATH=/usr/share/xtb"
                              " && xtb start.xyz --opt > opt.out 2>&1 && xtb xtbopt.xyz --vip > vip.out 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << "xtb by hand on " << smiles << " in " << dir;
  const std::string out = read_text(dir / "vip.out");
  const auto at = out.find("delta SCC IP (eV):");
  if (at == std::string::npos) return "no IP printed";
  std::istringstream rest(out.substr(at + std::string("delta SCC IP (eV):").size()));
  std::string ip;
  rest >> ip;
  return ip;
}

TEST(MoldesignOnThreadPool, RunsAVerifiedCampaignWhoseIpsAreWhatXtbPrintsByHand) {
  const Scratch scratch;
  const HostRun run(scratch, campaign_args(scratch) + "--engine.executor thread-pool --engine.executor.workers 2");
  expect_verified_campaign(run);
  const std::vector<Row> rows = read_results(run.run_dir() / "results.csv");
  ASSERT_GE(rows.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(rows[i].ie, ip_by_hand(scratch.path() / ("by-hand-" + std::to_string(i)), rows[i].smiles))
        << rows[i].smiles;
  }
}

TEST(MoldesignOnProcessPool, RunsTheSameVerifiedCampaignInWorkerProcesses) {
  const Scratch scratch;
  expect_verified_campaign(
      HostRun(scratch, campaign_args(scratch) + "--engine.executor process-pool --engine.executor.workers 2"));
}

#ifdef TAPS_HAVE_WORKQUEUE
TEST(MoldesignOnWorkQueue, RunsTheSameVerifiedCampaignOnTwoLocalWorkers) {
  const Scratch scratch;
  expect_verified_campaign(HostRun(scratch, campaign_args(scratch) +
                                                "--engine.executor workqueue --engine.executor.port 0"
                                                " --engine.executor.local-workers 2"));
}
#endif

// A failed simulation is logged and replaced (the initial set) or dropped
// (a batch); a failed training or inference fails the campaign: either way
// the failures app sees each injected failure where it put it.
TEST(MoldesignInFailures, EveryInjectedFailureIsObservedAndEveryOtherTaskEndsAsExpected) {
  const Scratch scratch;
  const fs::path dataset = scratch.path() / "tiny.smi";
  std::ofstream(dataset) << tiny_search_space;
  const HostRun run(scratch, "--app failures --app.base moldesign --app.config '{\"dataset\": \"" +
                                 dataset.string() +
                                 "\", \"initial_count\": 4, \"search_count\": 6, \"batch_size\": 2}'"
                                 " --app.failure-type failure --app.failure-rate 0.1 --app.seed 5"
                                 " --engine.executor process-pool --engine.executor.workers 2");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const std::string log = read_text(run.run_dir() / "log.txt");
  EXPECT_NE(log.find("failures: injected="), std::string::npos) << log;
  EXPECT_EQ(log.find("failures: injected=0 "), std::string::npos) << "seed 5 injects failures\n" << log;
  EXPECT_NE(log.find("Verified: every injected failure was observed"), std::string::npos) << log;
}

TEST(MoldesignOnTapsHost, FailsClearlyWhenTheDatasetCannotBeRead) {
  const Scratch scratch;
  const HostRun run(scratch, "--app moldesign --app.dataset " + (scratch.path() / "nowhere.smi").string());
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_NE(run.output().find("nowhere.smi' cannot be read"), std::string::npos) << run.output();
}

TEST(MoldesignOnTapsHost, WithoutXtbEverySimulationFailsNamingThePackageAndTheRunFails) {
  const Scratch scratch;
  const std::string path = getenv("PATH");
  setenv("PATH", "/nonexistent", 1);
  const HostRun run(scratch, campaign_args(scratch) + "--engine.executor thread-pool");
  setenv("PATH", path.c_str(), 1);
  EXPECT_NE(run.exit_status(), 0);
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"compute_vertical (failed)", 16}}));
  EXPECT_NE(read_text(run.run_dir() / "tasks.jsonl").find("apt-get install xtb"), std::string::npos);
  EXPECT_NE(run.output().find("simulations of the initial set succeeded"), std::string::npos) << run.output();
}

}  // namespace
}  // namespace taps::testing
