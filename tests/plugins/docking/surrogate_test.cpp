// The surrogate (RDKit Morgan fingerprints, Tanimoto k-NN), the rank
// correlation that judges it, and the SMILES lists it searches.
#include "docking/ligand_library.hpp"
#include "docking/rank_correlation.hpp"
#include "docking/surrogate.hpp"

#include <taps/error.hpp>

#include <DataStructs/BitOps.h>
#include <gtest/gtest.h>

namespace taps::docking {
namespace {

TEST(Knn, AveragesTheKMostSimilarWeightedByInverseDistance) {
  // Distances 0.5, 0.25, 0.75 (k = 2 keeps the first two): (2*10 + 4*20) / 6.
  EXPECT_NEAR(knn_estimate({0.5, 0.75, 0.25}, {10, 20, 30}, 2), 100.0 / 6.0, 1e-12);
}

TEST(Knn, AnIdenticalNeighbourGivesItsOwnScore) {
  EXPECT_DOUBLE_EQ(knn_estimate({1.0, 0.9, 0.8}, {-7, -3, -1}, 3), -7);
  EXPECT_DOUBLE_EQ(knn_estimate({1.0, 1.0, 0.8}, {-7, -3, -1}, 3), -5);
}

TEST(Knn, UsesEveryTrainingMoleculeWhenThereAreFewerThanK) {
  EXPECT_NEAR(knn_estimate({0.5, 0.5}, {-4, -6}, 4), -5, 1e-12);
}

TEST(Surrogate, FingerprintsAreRdkitMorganBitVectorsOfTheReferencesSize) {
  const auto phenol = morgan_fingerprint("c1ccccc1O");
  EXPECT_EQ(phenol->getNumBits(), fingerprint_bits);
  EXPECT_DOUBLE_EQ(TanimotoSimilarity(*phenol, *morgan_fingerprint("Oc1ccccc1")), 1.0);
  EXPECT_LT(TanimotoSimilarity(*phenol, *morgan_fingerprint("CCCCCCCC")), 0.2);
}

TEST(Surrogate, PredictsATrainingMoleculesOwnScoreAndNearerScoresForNearerMolecules) {
  const SurrogateModel model = train_model({"c1ccccc1O", "c1ccccc1N", "CCCCCCCCO", "CCCCCCCCN"}, {-6, -5.5, -2, -2.5});
  const auto p = predict(model, {"c1ccccc1O", "Cc1ccccc1O", "CCCCCCCCCO"});
  EXPECT_DOUBLE_EQ(p[0], -6);
  EXPECT_LT(p[1], p[2]) << "a cresol should look more like the phenols than a decanol does";
}

TEST(Surrogate, AnUnparsableSmilesIsADataErrorNamingIt) {
  try {
    morgan_fingerprint("C1CC(");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "DataError");
    EXPECT_NE(std::string(e.what()).find("C1CC("), std::string::npos);
  }
}

TEST(Spearman, IsOneForTheSameOrderAndMinusOneForTheReverse) {
  EXPECT_NEAR(*spearman({1, 2, 3, 4}, {10, 20, 35, 100}), 1.0, 1e-12);
  EXPECT_NEAR(*spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0, 1e-12);
}

TEST(Spearman, GivesTiesTheirAverageRank) {
  EXPECT_EQ(average_ranks({5, 1, 5, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
  // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
  EXPECT_NEAR(*spearman({1, 2, 2, 3}, {1, 3, 2, 4}), 0.9486832980505138, 1e-12);
}

TEST(Spearman, IsUndefinedForOnePairOrAConstantSide) {
  EXPECT_FALSE(spearman({1}, {2}));
  EXPECT_FALSE(spearman({1, 1, 1}, {1, 2, 3}));
}

TEST(LigandLibrary, ReadsTheReferencesCsvLayoutByItsHeader) {
  const auto library = parse_ligand_library("TITLE,SMILES\nphenol,c1ccccc1O\naniline,\"c1ccccc1N\"\n", "csv");
  ASSERT_EQ(library.ligands.size(), 2u);
  EXPECT_EQ(library.ligands[1].name, "aniline");
  EXPECT_EQ(library.ligands[1].smiles, "c1ccccc1N");
}

TEST(LigandLibrary, ReadsDaylightSmiFilesWithTheSmilesFirst) {
  const auto library = parse_ligand_library("c1ccccc1O\tphenol\nc1ccccc1N 42\n", "smi");
  ASSERT_EQ(library.ligands.size(), 2u);
  EXPECT_EQ(library.ligands[0].name, "phenol");
  EXPECT_EQ(library.ligands[1].smiles, "c1ccccc1N");
}

TEST(LigandLibrary, KeepsOnlyDockableMoleculesOnceAndCountsTheRest) {
  const auto library = parse_ligand_library(
      "c1ccccc1O a\nOc1ccccc1 same-as-a\nC1CC( broken\nCC small\n[Na+].[Cl-] salt\nc1ccccc1[Se]C selenium\n"
      "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC too-large\nCC(=O)Nc1ccc(O)cc1 paracetamol\n",
      "mixed");
  EXPECT_EQ(library.read, 8u);
  ASSERT_EQ(library.ligands.size(), 2u);
  EXPECT_EQ(library.ligands[1].name, "paracetamol");
  EXPECT_EQ(library.unparsable, 1u);
  EXPECT_EQ(library.unsuitable, 4u);
  EXPECT_EQ(library.duplicates, 1u);
}

TEST(LigandLibrary, RdkitDatasNciListHasHundredsOfDockableMolecules) {
  const auto library = load_ligand_library("/usr/share/RDKit/Data/NCI/first_5K.smi");
  EXPECT_EQ(library.read, 4999u);
  EXPECT_GT(library.ligands.size(), 1000u);
}

TEST(LigandLibrary, AFileWithoutMoleculesIsADataErrorThatSaysWhatWasExpected) {
  try {
    load_ligand_library("/usr/share/RDKit/Contrib/Fastcluster/cdk2.smi");  // name first, then SMILES
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "DataError");
    EXPECT_NE(std::string(e.what()).find("SMILES first"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace taps::docking
