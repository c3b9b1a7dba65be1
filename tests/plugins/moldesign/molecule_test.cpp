// RDKit as the app uses it: the starting geometry handed to xtb and the
// fingerprints the surrogate reads.
#include "moldesign/molecule.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <sstream>
#include <string>

namespace taps::moldesign {
namespace {

TEST(InitialXyz, HoldsEveryAtomWithItsHydrogensAndIsTheSameEachTime) {
  const std::string xyz = initial_xyz("CCO");
  std::istringstream in(xyz);
  int atoms = 0;
  std::string title;
  in >> atoms >> title;
  EXPECT_EQ(atoms, 9);
  EXPECT_EQ(title, "CCO");
  std::string symbol;
  double x = 0, y = 0, z = 0;
  int read = 0;
  while (in >> symbol >> x >> y >> z) ++read;
  EXPECT_EQ(read, 9);
  EXPECT_EQ(initial_xyz("CCO"), xyz) << "the embedding is seeded";
}

TEST(InitialXyz, ASmilesRdkitCannotParseIsAGeometryError) {
  try {
    initial_xyz("C1CC");
    FAIL() << "expected a GeometryError";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "GeometryError");
    EXPECT_NE(std::string(e.what()).find("C1CC"), std::string::npos);
  }
}

TEST(MorganFingerprint, HasTheReferencesLengthAndDiffersBetweenMolecules) {
  const Fingerprint ethanol = morgan_fingerprint("CCO");
  ASSERT_EQ(ethanol.size(), fingerprint_words);
  int bits = 0;
  for (auto w : ethanol) bits += std::popcount(w);
  EXPECT_GT(bits, 0);
  EXPECT_EQ(morgan_fingerprint("OCC"), ethanol) << "the same molecule written differently";
  EXPECT_NE(morgan_fingerprint("CCN"), ethanol);
}

TEST(AtomCount, CountsTheHydrogensTheSmilesLeavesImplicit) {
  EXPECT_EQ(atom_count("CCO"), 9u);
  EXPECT_EQ(atom_count("[H]OC([H])([H])C"), 9u) << "explicit hydrogens count once";
  EXPECT_EQ(atom_count("C#N"), 3u);
}

TEST(Qm9Like, CanonicalisesWhatItKeeps) {
  EXPECT_EQ(qm9_like("OCC"), std::optional<std::string>("CCO"));
  EXPECT_EQ(qm9_like("[CH3]"), std::nullopt) << "a radical";
  EXPECT_EQ(qm9_like("[O-]C=O"), std::nullopt) << "charged";
}

}  // namespace
}  // namespace taps::moldesign
