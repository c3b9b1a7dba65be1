// PDBQT atoms, poses and the re-docking check's geometry, on known cases
// and on Debian's 1IEP test data.
#include "docking/pdbqt.hpp"
#include "docking/redocking.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace taps::docking {
namespace {

const std::string debian_data = "/usr/share/doc/autodock-vina/test-data/";
const Box debian_box{{11, 90.5, 57.5}, {22, 24, 28}};

std::string atom_line(int serial, double x, double y, double z, const char* type) {
  char line[96];
  std::snprintf(line, sizeof line, "ATOM  %5d  C   UNL     1    %8.3f%8.3f%8.3f  0.00  0.00    +0.000 %-2s\n", serial,
                x, y, z, type);
  return line;
}

// Three heavy atoms and a polar hydrogen, shifted by (dx, dy, dz).
std::string small_ligand(double dx, double dy, double dz) {
  return "ROOT\n" + atom_line(1, 1 + dx, 2 + dy, 3 + dz, "C") + atom_line(2, 2.5 + dx, 2 + dy, 3 + dz, "A") +
         "ENDROOT\n" + atom_line(3, 3 + dx, 3.3 + dy, 3 + dz, "OA") + atom_line(4, 3.5 + dx, 4 + dy, 3 + dz, "HD") +
         "TORSDOF 0\n";
}

TEST(Pdbqt, AtomsAreReadWithCoordinatesAndAutoDockTypes) {
  const auto atoms = parse_atoms(small_ligand(0, 0, 0), "test");
  ASSERT_EQ(atoms.size(), 4u);
  EXPECT_EQ(atoms[2].position, (std::array<double, 3>{3, 3.3, 3}));
  EXPECT_EQ(atoms[2].type, "OA");
  EXPECT_TRUE(atoms[3].is_hydrogen());
  EXPECT_EQ(heavy_atoms(atoms).size(), 3u);
}

TEST(Pdbqt, AnAtomRecordWithoutCoordinatesIsADataErrorNamingTheLine) {
  try {
    parse_atoms("REMARK x\nATOM      1  C   UNL     1       abc\n", "pose.pdbqt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "DataError");
    EXPECT_NE(std::string(e.what()).find("pose.pdbqt, line 2"), std::string::npos) << e.what();
  }
}

TEST(Pdbqt, TheFirstModelOfVinaOutputIsItsBestPose) {
  const std::string out = "MODEL 1\nREMARK VINA RESULT: -5.0 0 0\n" + small_ligand(0, 0, 0) + "ENDMDL\nMODEL 2\n" +
                          small_ligand(9, 9, 9) + "ENDMDL\n";
  const std::string first = first_model(out);
  EXPECT_EQ(first.rfind("MODEL 1", 0), 0u);
  EXPECT_EQ(first.find("MODEL 2"), std::string::npos);
  EXPECT_EQ(parse_atoms(first, "first").size(), 4u);
}

TEST(Rmsd, OfAPoseWithItselfIsZero) {
  EXPECT_DOUBLE_EQ(redocking_rmsd(small_ligand(0, 0, 0), small_ligand(0, 0, 0)), 0.0);
}

TEST(Rmsd, OfAPoseShiftedByTwoAngstromIsTwo) {
  EXPECT_NEAR(redocking_rmsd(small_ligand(0, 0, 0), small_ligand(0, 2, 0)), 2.0, 1e-12);
}

TEST(Rmsd, CountsHeavyAtomsOnlyAndMatchesThemInOrder) {
  // Moving one heavy atom of three by 3 Å: sqrt(9 / 3); moving the
  // hydrogen changes nothing.
  auto a = parse_atoms(small_ligand(0, 0, 0), "a");
  auto b = a;
  b[1].position[0] += 3;
  b[3].position[2] += 5;
  EXPECT_NEAR(rmsd_in_order(heavy_atoms(a), heavy_atoms(b)), std::sqrt(3.0), 1e-12);
}

TEST(Rmsd, PosesOfDifferentMoleculesAreRefused) {
  auto a = heavy_atoms(parse_atoms(small_ligand(0, 0, 0), "a"));
  auto b = a;
  b.pop_back();
  EXPECT_THROW(rmsd_in_order(a, b), Error);
}

TEST(CrystalLigand, DebiansTestLigandIsRefusedBecauseItOverlapsTheReceptor) {
  // autodock-vina's test-data ligand.pdbqt is not in protein.pdbqt's frame:
  // its atoms sit inside the protein, 18 Å from the box centre.
  const auto receptor = parse_atoms(read_structure_file(debian_data + "protein.pdbqt.gz"), "receptor");
  const auto ligand = parse_atoms(read_structure_file(debian_data + "ligand.pdbqt"), "ligand");
  ASSERT_GT(receptor.size(), 2000u);
  ASSERT_EQ(heavy_atoms(ligand).size(), 37u);
  try {
    check_crystal_ligand(receptor, ligand, debian_box, "crystal_ligand 'ligand.pdbqt'");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ConfigError");
    EXPECT_NE(std::string(e.what()).find("crystal_ligand 'ligand.pdbqt' clashes with the receptor"),
              std::string::npos)
        << e.what();
  }
}

TEST(CrystalLigand, APoseVinaDockedIntoThePocketIsAccepted) {
  const auto receptor = parse_atoms(read_structure_file(debian_data + "protein.pdbqt.gz"), "receptor");
  const auto pose = parse_atoms(read_structure_file(TAPS_DOCKING_TEST_DATA "/vina_pose_salicylic_acid.pdbqt"), "pose");
  EXPECT_NO_THROW(check_crystal_ligand(receptor, pose, debian_box, "pose"));
}

TEST(CrystalLigand, ALigandOutsideTheBoxIsRefused) {
  const auto pose = parse_atoms(read_structure_file(TAPS_DOCKING_TEST_DATA "/vina_pose_salicylic_acid.pdbqt"), "pose");
  const Box elsewhere{{40, 90.5, 57.5}, {10, 10, 10}};
  try {
    check_crystal_ligand({}, pose, elsewhere, "pose");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("outside the search box (x ="), std::string::npos) << e.what();
  }
}

TEST(StructureFile, AMissingFileIsADataErrorNamingIt) {
  try {
    read_structure_file("/nonexistent/receptor.pdbqt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/receptor.pdbqt"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace taps::docking
