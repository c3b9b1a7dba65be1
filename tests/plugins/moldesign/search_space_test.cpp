// The search space loader on rdkit-data's NCI set and on small files of
// each format: what it keeps, what it rejects, and how it refuses bad input.
#include "moldesign/search_space.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace taps::moldesign {
namespace {

namespace fs = std::filesystem;

class SearchSpaceFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "taps-moldesign-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  fs::path dir_;
};

TEST(SearchSpace, TheDefaultNciSetHoldsAboutFourHundredQm9LikeMolecules) {
  const SearchSpace space = load_search_space(default_dataset);
  EXPECT_GE(space.smiles.size(), 380u);
  EXPECT_LE(space.smiles.size(), 450u);
  EXPECT_EQ(space.lines, space.smiles.size() + space.rejected + space.duplicates);
}

TEST_F(SearchSpaceFile, ASmilesFileKeepsNeutralSingleFragmentMoleculesOfAtMostNineCnofAtoms) {
  const SearchSpace space = load_search_space(write("mols.smi",
                                                    "CCO\t1\n"
                                                    "OCC 2\n"                 // ethanol again
                                                    "C[N+](C)(C)C\n"          // charged
                                                    "CCO.O\n"                 // two fragments
                                                    "CCS\n"                   // sulfur
                                                    "CCCCCCCCCC\n"            // ten heavy atoms
                                                    "not-a-smiles\n"
                                                    "FC(F)(F)C#N\n"));
  EXPECT_EQ(space.smiles, (std::vector<std::string>{"CCO", "N#CC(F)(F)F"}));
  EXPECT_EQ(space.lines, 8u);
  EXPECT_EQ(space.rejected, 5u);
  EXPECT_EQ(space.duplicates, 1u);
}

TEST_F(SearchSpaceFile, AQm9TableIsReadFromItsSmilesColumn) {
  const SearchSpace space = load_search_space(write("qm9.tsv",
                                                    "index\tsmiles\tie\n"
                                                    "0\tC\t0.5\n"
                                                    "1\tC#N\t0.5\n"));
  EXPECT_EQ(space.smiles, (std::vector<std::string>{"C", "C#N"}));
}

TEST_F(SearchSpaceFile, AFileWithoutAnyQm9LikeMoleculeIsADataErrorNamingIt) {
  const fs::path file = write("sulfur.smi", "CCS\nCS\n");
  try {
    load_search_space(file);
    FAIL() << "expected a DataError";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "DataError");
    EXPECT_NE(std::string(e.what()).find(file.string() + "' holds no QM9-like molecule"), std::string::npos)
        << e.what();
  }
}

TEST_F(SearchSpaceFile, AMissingFileIsAConfigErrorNamingIt) {
  try {
    load_search_space(dir_ / "nowhere.smi");
    FAIL() << "expected a ConfigError";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ConfigError");
    EXPECT_NE(std::string(e.what()).find("nowhere.smi' cannot be read"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace taps::moldesign
