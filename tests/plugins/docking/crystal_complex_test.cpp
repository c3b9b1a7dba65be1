// The re-docking check's input: rdkit-data's 5DT0 split into receptor and
// ligand, the box around the ligand, the symmetry-corrected RMSD, and the
// end-to-end test's deliberately moved ligand.
#include "docking/crystal_complex.hpp"
#include "docking/pdbqt.hpp"
#include "docking/redocking.hpp"
#include "docking/symmetric_rmsd.hpp"
#include "moved_ligand.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace taps::docking {
namespace {

int count_lines(const std::string& text, const char* prefix) {
  int n = 0;
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    n += at == 0 || text[at - 1] == '\n' ? 1 : 0;
  }
  return n;
}

Atom atom(double x, double y, double z, const char* type) { return Atom{{x, y, z}, type}; }

TEST(CrystalComplex, RdkitDatas5dt0SplitsIntoTheKinaseAndItsInhibitor) {
  const ComplexParts parts = split_complex(read_structure_file(default_redock_complex), "SKE", "5dt0.pdb");
  EXPECT_EQ(count_lines(parts.ligand, "HETATM"), 27);
  EXPECT_EQ(count_lines(parts.ligand, "CONECT"), 27) << "its bonds go with it";
  EXPECT_EQ(count_lines(parts.receptor, "ATOM  "), 2131);
  EXPECT_EQ(parts.receptor.find("HOH"), std::string::npos) << "water is left out";
  EXPECT_EQ(heavy_atoms(parse_atoms(parts.ligand, "SKE")).size(), 27u);
}

TEST(CrystalComplex, AMissingResidueIsAConfigErrorListingTheOnesThere) {
  try {
    split_complex(read_structure_file(default_redock_complex), "STI", "5dt0.pdb");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ConfigError");
    EXPECT_NE(std::string(e.what()).find("5dt0.pdb has no HETATM residue 'STI' (its hetero groups: HOH, SKE)"),
              std::string::npos)
        << e.what();
  }
}

TEST(CrystalComplex, TheBoxIsTheLigandsBoundsPaddedByFourAngstrom) {
  const std::string ligand = "HETATM    1  C1  LIG A   1       1.000   2.000   3.000  1.00  0.00           C\n"
                             "HETATM    2  C2  LIG A   1       3.000   2.000   9.000  1.00  0.00           C\n";
  const Box box = box_around(ligand);
  EXPECT_EQ(box.center, (std::array<double, 3>{2, 2, 6}));
  EXPECT_EQ(box.size, (std::array<double, 3>{10, 8, 14}));
}

TEST(SymmetricRmsd, SwappedEquivalentAtomsCostNothing) {
  // A carboxylate's two oxygens exchanged: 2.04 Å in file order, 0 after
  // the symmetry.
  const std::vector<Atom> crystal{atom(0, 0, 0, "C"), atom(1.25, 0, 0, "OA"), atom(-1.25, 0, 0, "OA")};
  const std::vector<Atom> swapped{atom(0, 0, 0, "C"), atom(-1.25, 0, 0, "OA"), atom(1.25, 0, 0, "OA")};
  EXPECT_NEAR(rmsd_in_order(crystal, swapped), std::sqrt(2 * 2.5 * 2.5 / 3), 1e-9);
  EXPECT_NEAR(symmetry_corrected_rmsd(crystal, swapped), 0, 1e-9);
}

TEST(SymmetricRmsd, AtomsOfDifferentElementsAreNotExchanged) {
  const std::vector<Atom> crystal{atom(0, 0, 0, "C"), atom(1.25, 0, 0, "OA"), atom(-1.4, 0, 0, "NA")};
  const std::vector<Atom> swapped{atom(0, 0, 0, "C"), atom(-1.25, 0, 0, "OA"), atom(1.4, 0, 0, "NA")};
  EXPECT_NEAR(symmetry_corrected_rmsd(crystal, swapped), rmsd_in_order(crystal, swapped), 1e-9);
}

TEST(SymmetricRmsd, AnUnknownAtomTypeOrMismatchedCountsAreDataErrors) {
  EXPECT_THROW(symmetry_corrected_rmsd({atom(0, 0, 0, "Xx")}, {atom(0, 0, 0, "Xx")}), Error);
  EXPECT_THROW(symmetry_corrected_rmsd({atom(0, 0, 0, "C")}, {}), Error);
}

TEST(CrystalLigand, SKEMovedOutOfThePocketPassesForACrystalPoseButLiesFarFromIt) {
  // The end-to-end test's deliberately wrong pose: accepted when the app
  // starts (no clash, inside its box), so only the re-docking check can
  // fail that run.
  const std::string pdb = read_structure_file(default_redock_complex);
  const ComplexParts crystal = split_complex(pdb, "SKE", "5dt0.pdb");
  const ComplexParts moved =
      split_complex(testing::with_ligand_moved(pdb, "SKE", testing::out_of_the_pocket), "SKE", "moved");
  const auto receptor = parse_atoms(moved.receptor, "5DT0");
  const auto ligand = parse_atoms(moved.ligand, "moved SKE");
  EXPECT_NO_THROW(check_crystal_ligand(receptor, ligand, box_around(moved.ligand), "moved SKE"));
  EXPECT_GT(min_distance(heavy_atoms(ligand), heavy_atoms(receptor)), 2.6);
  EXPECT_NEAR(rmsd_in_order(heavy_atoms(parse_atoms(crystal.ligand, "SKE")), heavy_atoms(ligand)),
              std::sqrt(9 + 4 + 9), 1e-3);
}

}  // namespace
}  // namespace taps::docking
