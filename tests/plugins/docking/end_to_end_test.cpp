// The docking app run by the real taps-host with the real Open Babel and
// AutoDock Vina on tiny campaigns (4 initial ligands, a 12 Å box,
// exhaustiveness 1; each Vina or Open Babel call costs about a second of
// CPU, so each executor docks as few ligands as shows what it must):
// thread-pool with the default re-docking check (5DT0 from rdkit-data), a
// wrong crystal pose failing it, process-pool with one round of one
// chosen and one random ligand (the model and predictions cross processes),
// Work Queue, wrapped by the failures app, and bad inputs refused before any
// task. Runs other than the re-docking ones switch the check off.
#include "../host_run.hpp"
#include "../task_records.hpp"
#include "moved_ligand.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <cmath>
#include <fstream>
#include <string>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

const std::string debian_data = "/usr/share/doc/autodock-vina/test-data/";
const std::string default_complex = "/usr/share/RDKit/Contrib/CalcLigRMSD/data/5dt0.pdb";
const std::string no_redock = " --app.redock-complex ''";

// Rigid molecules without a rotatable bond are the cheapest to prepare and
// dock: Open Babel's --gen3d takes 0.3-0.4 s of CPU on each of these against
// 1.1-2.4 s on paracetamol, o-toluidine or benzoic acid (best of three, on
// the loaded build machine), and Vina has no torsions to search.
constexpr const char* tiny_library =
    "TITLE,SMILES\nnaphthalene,c1ccc2ccccc2c1\nquinoline,c1ccc2ncccc2c1\nisoquinoline,c1ccc2cnccc2c1\n"
    "toluene,Cc1ccccc1\npyridine,c1ccncc1\nbenzothiophene,c1ccc2sccc2c1\n";

/// Temporary files of the tasks go to scratch/tmp, so the test sees what
/// they leave behind.
class DockingRun {
 public:
  explicit DockingRun(const Scratch& scratch) : tmp_(scratch.path() / "tmp"), ligands_(scratch.path() / "ligands.csv") {
    fs::create_directories(tmp_);
    std::ofstream(ligands_) << tiny_library;
    const char* old = std::getenv("TMPDIR");
    old_tmpdir_ = old != nullptr ? old : "";
    had_tmpdir_ = old != nullptr;
    ::setenv("TMPDIR", tmp_.c_str(), 1);
  }
  ~DockingRun() {
    if (had_tmpdir_) {
      ::setenv("TMPDIR", old_tmpdir_.c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }

  /// The app options of the tiny campaign.
  std::string campaign(int iterations) const {
    return "--app.smi-file-name-ligand " + ligands_.string() +
           " --app.initial-simulations 4 --app.batch-size 1 --app.num-iterations " + std::to_string(iterations) +
           " --app.size-x 12 --app.size-y 12 --app.size-z 12";
  }

  /// Docking's private directories left in TMPDIR.
  int leftovers() const {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(tmp_)) {
      const std::string name = entry.path().filename().string();
      n += name.rfind("taps-vina-", 0) == 0 || name.rfind("taps-obabel-", 0) == 0 ? 1 : 0;
    }
    return n;
  }

 private:
  fs::path tmp_;
  fs::path ligands_;
  std::string old_tmpdir_;
  bool had_tmpdir_ = false;
};

/// The checks every successful campaign passes: docking.json holds
/// `docked` finite negative scores and one summary per round, and every
/// task succeeded.
void expect_verified_campaign(const HostRun& run, std::size_t docked, std::size_t iterations) {
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const fs::path dir = run.run_dir();
  const auto report = read_json(dir / "docking.json");
  ASSERT_TRUE(report.IsObject()) << "docking.json";
  ASSERT_EQ(report["simulations"].Size(), docked);
  for (const auto& s : report["simulations"].GetArray()) {
    const double score = s["score"].GetDouble();
    EXPECT_TRUE(std::isfinite(score) && score < 0) << s["smiles"].GetString() << ": " << score;
  }
  ASSERT_EQ(report["iterations"].Size(), iterations);
  for (const auto& it : report["iterations"].GetArray()) {
    EXPECT_LT(it["chosen_mean"].GetDouble(), 0);
    EXPECT_LT(it["random_mean"].GetDouble(), 0);
  }
  for (const auto& r : read_records(dir / "tasks.jsonl")) {
    EXPECT_TRUE(r.success) << r.function << ": " << r.exception_type << ": " << r.exception_message;
  }
  const std::string log = read_text(dir / "log.txt");
  EXPECT_NE(log.find("Verified: all " + std::to_string(docked) + " docked scores are finite and negative"),
            std::string::npos)
      << log;
  if (iterations > 0) {
    EXPECT_NE(log.find("chosen batch mean"), std::string::npos) << log;
  }
}

TEST(DockingApp, RedocksTheDefaultCrystalLigandWithin2AngstromAndDocksOnThreadPool) {
  Scratch scratch;
  DockingRun docking(scratch);
  const HostRun run(scratch, "--app docking " + docking.campaign(0) +
                                 " --engine.executor thread-pool --engine.executor.workers 2");
  expect_verified_campaign(run, 4, 0);
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"prepare_ligand", 4}, {"dock_ligand", 5}}));
  const auto report = read_json(run.run_dir() / "docking.json");
  ASSERT_TRUE(report["redocking"].IsObject());
  EXPECT_EQ(report["redocking"]["complex"].GetString(), default_complex);
  EXPECT_STREQ(report["redocking"]["crystal_ligand"].GetString(), "SKE");
  EXPECT_LT(report["redocking"]["rmsd"].GetDouble(), 2.0);
  EXPECT_LT(report["redocking"]["score"].GetDouble(), 0.0);
  EXPECT_EQ(docking.leftovers(), 0) << "docking left temporary directories";
}

TEST(DockingApp, ACrystalPoseMovedOutOfThePocketFailsTheRedockingCheckAndTheRun) {
  // 5DT0 with its ligand moved 4.7 Å (crystal_complex_test shows the app
  // accepts it as a pose). The check compares whatever Vina returns with the
  // pose it was given; at exhaustiveness 1 (6 s of CPU instead of 21) that
  // is not the crystal pose either (the default test shows exhaustiveness 4
  // lands within 0.7 Å of the crystal pose, so 4 Å from this one).
  Scratch scratch;
  DockingRun docking(scratch);
  const fs::path wrong = scratch.path() / "5dt0_moved.pdb";
  std::ofstream(wrong) << with_ligand_moved(read_text(default_complex), "SKE", out_of_the_pocket);
  const HostRun run(scratch, "--app docking " + docking.campaign(0) + " --app.redock-complex " + wrong.string() +
                                 " --app.redock-exhaustiveness 1 --engine.executor thread-pool "
                                 "--engine.executor.workers 2");
  EXPECT_EQ(run.exit_status(), 1) << run.output();
  const std::string log = read_text(run.run_dir() / "log.txt");
  EXPECT_NE(log.find("VerificationError"), std::string::npos) << log;
  EXPECT_NE(log.find("re-docking the crystal ligand SKE of " + wrong.string() + " put its top pose "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("Å RMSD from the crystal pose, more than 2.0 Å"), std::string::npos) << log;
  EXPECT_EQ(run.task_counts().at("dock_ligand"), 5);
}

TEST(DockingApp, RunsARoundOfTheCampaignOnProcessPool) {
  Scratch scratch;
  DockingRun docking(scratch);
  const HostRun run(scratch, "--app docking " + docking.campaign(1) + no_redock +
                                 " --engine.executor process-pool --engine.executor.workers 2");
  expect_verified_campaign(run, 6, 1);
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{
                                   {"prepare_ligand", 6}, {"dock_ligand", 6}, {"train_surrogate", 1}, {"infer_scores", 1}}));
  const std::string log = read_text(run.run_dir() / "log.txt");
  EXPECT_NE(log.find("redock_complex is empty: the re-docking check is skipped"), std::string::npos) << log;
  EXPECT_EQ(docking.leftovers(), 0) << "docking left temporary directories";
}

#ifdef TAPS_HAVE_WORKQUEUE
TEST(DockingApp, DocksOnTwoLocalWorkQueueWorkers) {
  Scratch scratch;
  DockingRun docking(scratch);
  const HostRun run(scratch, "--app docking " + docking.campaign(0) + no_redock +
                                 " --engine.executor workqueue --engine.executor.port 0 "
                                 "--engine.executor.local-workers 2");
  expect_verified_campaign(run, 4, 0);
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"prepare_ligand", 4}, {"dock_ligand", 4}}));
}
#endif

TEST(DockingApp, TheFailuresAppWrapsIt) {
  // Every task fails by injection, so no tool runs: the failures app checks
  // that each injected failure was observed and the docks whose preparation
  // failed never ran.
  Scratch scratch;
  DockingRun docking(scratch);
  const std::string config = "'{\"smi_file_name_ligand\": \"" + (scratch.path() / "ligands.csv").string() +
                             "\", \"initial_simulations\": 4, \"num_iterations\": 0, \"redock_complex\": \"\"}'";
  const HostRun run(scratch, "--app failures --app.base docking --app.config " + config +
                                 " --app.failure-type failure --app.failure-rate 1 --engine.executor thread-pool");
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto report = read_json(run.run_dir() / "failures.json");
  ASSERT_TRUE(report.IsObject());
  EXPECT_STREQ(report["verdict"].GetString(), "ok");
  EXPECT_STREQ(report["base"].GetString(), "docking");
}

TEST(DockingApp, AFailedVinaCallFailsTheRunAndItsRecordCarriesVinasMessage) {
  // A receptor atom of a type AutoDock does not know: every Vina call stops
  // while reading the receptor, quickly.
  Scratch scratch;
  DockingRun docking(scratch);
  const fs::path receptor = scratch.path() / "bad-receptor.pdbqt";
  std::ofstream(receptor) << "ATOM      1  N   MET B 225       8.895 115.777  72.069  1.00 66.21    -0.058 Xx\n";
  const HostRun run(scratch, "--app docking " + docking.campaign(0) + no_redock + " --app.receptor " +
                                 receptor.string() + " --app.box-config " + debian_data + "conf.txt --engine.executor thread-pool "
                                 "--engine.executor.workers 2");
  EXPECT_EQ(run.exit_status(), 1) << run.output();
  // The campaign stops at the first failed docking; docks still queued
  // then are cancelled.
  int tool_errors = 0;
  for (const auto& r : only(read_records(run.run_dir() / "tasks.jsonl"), "dock_ligand")) {
    EXPECT_FALSE(r.success);
    if (r.exception_type == "CancelledError") continue;
    ++tool_errors;
    EXPECT_EQ(r.exception_type, "ToolError");
    EXPECT_NE(r.exception_message.find("vina exited with status 1: PDBQT parsing error: Atom type Xx is not a valid "
                                       "AutoDock type"),
              std::string::npos)
        << r.exception_message;
  }
  EXPECT_GE(tool_errors, 1);
  const std::string log = read_text(run.run_dir() / "log.txt");
  EXPECT_NE(log.find("failed: vina exited with status 1"), std::string::npos) << log;
  EXPECT_EQ(docking.leftovers(), 0) << "docking left temporary directories";
}

TEST(DockingApp, RefusesACrystalLigandThatClashesWithTheReceptorBeforeAnyTask) {
  // The ligand pushed the other way, into the protein.
  Scratch scratch;
  DockingRun docking(scratch);
  const fs::path wrong = scratch.path() / "5dt0_clash.pdb";
  std::ofstream(wrong) << with_ligand_moved(read_text(default_complex), "SKE", {3, -2, 3});
  const HostRun run(scratch, "--app docking " + docking.campaign(0) + " --app.redock-complex " + wrong.string() +
                                 " --engine.executor thread-pool");
  EXPECT_EQ(run.exit_status(), 1) << run.output();
  EXPECT_NE(run.output().find("the ligand SKE of redock_complex '" + wrong.string() + "' clashes with the receptor"),
            std::string::npos)
      << run.output();
  EXPECT_TRUE(run.task_counts().empty());
}

TEST(DockingApp, AMissingProgramFailsTheRunNamingTheDebianPackage) {
  Scratch scratch;
  DockingRun docking(scratch);
  // A PATH with obabel but no vina.
  const fs::path bin = scratch.path() / "bin";
  fs::create_directories(bin);
  fs::create_symlink("/usr/bin/obabel", bin / "obabel");
  const std::string old_path = std::getenv("PATH");
  ::setenv("PATH", bin.c_str(), 1);
  const HostRun run(scratch, "--app docking " + docking.campaign(0) + " --engine.executor thread-pool");
  ::setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(run.exit_status(), 1) << run.output();
  EXPECT_NE(run.output().find("install the Debian package autodock-vina"), std::string::npos) << run.output();
}

}  // namespace
}  // namespace taps::testing
