// The external programs: a missing one names its Debian package, a failing
// one fails with the tail of its stderr, and the real obabel and vina
// behave as the app expects on tiny inputs.
#include "docking/external_tool.hpp"
#include "docking/ligand_preparation.hpp"
#include "docking/pdbqt.hpp"
#include "docking/private_directory.hpp"
#include "docking/vina.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace taps::docking {
namespace {

namespace fs = std::filesystem;

std::string message_of(const std::function<void()>& f, const std::string& type) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), type) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(ExternalTool, AMissingProgramIsAnErrorNamingItsDebianPackage) {
  const Tool missing{"taps-no-such-docking-program", "some-debian-package"};
  const std::string message = message_of([&] { locate(missing); }, "ToolNotFound");
  EXPECT_NE(message.find("'taps-no-such-docking-program' is not on PATH"), std::string::npos) << message;
  EXPECT_NE(message.find("install the Debian package some-debian-package"), std::string::npos) << message;
}

TEST(ExternalTool, AFailingProgramIsAToolErrorWithItsExitStatusAndStderrTail) {
  PrivateDirectory directory("tool-test");
  const Tool sh{"sh", "dash"};
  const std::string message = message_of(
      [&] { run_tool(sh, {"-c", "for i in $(seq 1 40); do echo line $i >&2; done; exit 3"}, directory.path()); },
      "ToolError");
  EXPECT_NE(message.find("sh exited with status 3: "), std::string::npos) << message;
  EXPECT_NE(message.find("line 40"), std::string::npos) << message;
  EXPECT_EQ(message.find("line 20\n"), std::string::npos) << "the head of stderr should be cut: " << message;
}

TEST(ExternalTool, TheTailOfAMessageIsItsLastLinesWithoutSurroundingBlankLines) {
  EXPECT_EQ(tail_of("\nPDBQT parsing error: bad type\n > ATOM 1\n\n", 12), "PDBQT parsing error: bad type\n > ATOM 1");
  EXPECT_EQ(tail_of("a\nb\nc\nd\n", 2), "c\nd");
  EXPECT_EQ(tail_of(" \n\n"), "");
  EXPECT_EQ(tail_of(std::string(5000, 'x')).size(), 2000u);
}

TEST(ExternalTool, RunsInTheGivenDirectoryAndReturnsStdout) {
  PrivateDirectory directory("tool-test");
  const auto output = run_tool({"sh", "dash"}, {"-c", "pwd; echo note >&2"}, directory.path());
  EXPECT_EQ(fs::path(output.out.substr(0, output.out.size() - 1)), directory.path());
  EXPECT_EQ(output.err, "note\n");
}

TEST(PrivateDirectory, IsRemovedWithItsContents) {
  fs::path path;
  {
    PrivateDirectory directory("tool-test");
    path = directory.path();
    directory.write("a.txt", "x");
    EXPECT_TRUE(fs::exists(path / "a.txt"));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(LigandPreparation, ObabelGivesPhenolThreeDimensionalCoordinatesChargesAndTorsions) {
  const std::string pdbqt = smiles_to_pdbqt("c1ccccc1O");
  const auto atoms = parse_atoms(pdbqt, "phenol");
  EXPECT_EQ(heavy_atoms(atoms).size(), 7u);
  EXPECT_EQ(atoms.size(), 8u) << "the hydroxyl hydrogen (HD) is kept, the others merged: " << pdbqt;
  double spread = 0;
  for (const auto& a : atoms) spread += std::fabs(a.position[0]) + std::fabs(a.position[1]) + std::fabs(a.position[2]);
  EXPECT_GT(spread, 1.0) << pdbqt;
  EXPECT_NE(pdbqt.find("ROOT"), std::string::npos) << pdbqt;
  EXPECT_NE(pdbqt.find("TORSDOF 1"), std::string::npos) << pdbqt;
}

TEST(LigandPreparation, AnInvalidSmilesIsAToolErrorWithObabelsMessage) {
  const std::string message = message_of([] { smiles_to_pdbqt("C1CC("); }, "ToolError");
  EXPECT_NE(message.find("obabel wrote no atoms for 'C1CC('"), std::string::npos) << message;
}

TEST(LigandPreparation, AllZeroCoordinatesAreRefused) {
  const std::string flat = "ROOT\n"
                           "ATOM      1  C   UNL     1       0.000   0.000   0.000  0.00  0.00    +0.000 C \n"
                           "ATOM      2  O   UNL     1       0.000   0.000   0.000  0.00  0.00    +0.000 OA\n"
                           "ENDROOT\nTORSDOF 0\n";
  const std::string message = message_of([&] { checked_pdbqt("CO", flat, "1 molecule converted"); }, "ToolError");
  EXPECT_NE(message.find("no 3-D coordinates"), std::string::npos) << message;
}

TEST(Docking, VinaRejectingTheReceptorIsAToolErrorCarryingVinasMessage) {
  // An atom type AutoDock does not know: vina stops while reading the
  // receptor, before any search.
  const std::string receptor =
      "ATOM      1  N   MET B 225       8.895 115.777  72.069  1.00 66.21    -0.058 Xx\n";
  DockSettings settings;
  settings.box = {{11, 90.5, 57.5}, {10, 10, 10}};
  const std::string message = message_of(
      [&] { dock(receptor, "ROOT\nATOM      1  C   UNL     1      11.000  90.500  57.500  0.00  0.00    +0.000 C \n"
                           "ENDROOT\nTORSDOF 0\n", settings); },
      "ToolError");
  EXPECT_NE(message.find("vina exited with status"), std::string::npos) << message;
  EXPECT_NE(message.find("Xx"), std::string::npos) << "vina's own message names the type: " << message;
}

}  // namespace
}  // namespace taps::docking
