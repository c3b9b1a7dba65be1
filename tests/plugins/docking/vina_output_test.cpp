// Reading what AutoDock Vina prints and the box of its config files.
#include "docking/vina.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace taps::docking {
namespace {

// The tail of `vina` 1.2.3's stdout for one run.
constexpr const char* vina_stdout = R"(AutoDock Vina v1.2.3
Scoring function : vina
Rigid receptor: receptor.pdbqt
Ligand: ligand.pdbqt
Grid center: X 11 Y 90.5 Z 57.5
Grid size  : X 12 Y 12 Z 12
Exhaustiveness: 1
CPU: 1

Computing Vina grid ... done.
Performing docking (random seed: 1) ...
0%   10   20   30   40   50   60   70   80   90   100%
|----|----|----|----|----|----|----|----|----|----|
***************************************************

mode |   affinity | dist from best mode
     | (kcal/mol) | rmsd l.b.| rmsd u.b.
-----+------------+----------+----------
   1       -4.985          0          0
   2        -4.93      2.725      4.919
   3        30.09      3.284       4.44
)";

TEST(VinaOutput, AffinitiesAreReadFromTheResultTableBestFirst) {
  EXPECT_EQ(parse_affinities(vina_stdout), (std::vector<double>{-4.985, -4.93, 30.09}));
}

TEST(VinaOutput, OutputWithoutATableIsAToolErrorQuotingIt) {
  try {
    parse_affinities("AutoDock Vina v1.2.3\nComputing Vina grid ... done.\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ToolError");
    EXPECT_NE(std::string(e.what()).find("Computing Vina grid"), std::string::npos) << e.what();
  }
}

TEST(VinaOutput, AnEmptyTableIsAToolError) {
  EXPECT_THROW(parse_affinities("-----+------------+----------+----------\n\n"), Error);
}

TEST(VinaConfig, TheBoxOfDebiansTestDataConfigIsRead) {
  const Box box = parse_box_config(
      "receptor = protein.pdbqt\nligand = ligand.pdbqt\n\nout = out.pdbqt\n\ncenter_x = 11\ncenter_y = 90.5\n"
      "center_z = 57.5\n\nsize_x = 22\nsize_y = 24\nsize_z = 28\n\nexhaustiveness = 4\n",
      "conf.txt");
  EXPECT_EQ(box.center, (std::array<double, 3>{11, 90.5, 57.5}));
  EXPECT_EQ(box.size, (std::array<double, 3>{22, 24, 28}));
}

TEST(VinaConfig, AMissingKeyIsNamed) {
  try {
    parse_box_config("center_x = 1\ncenter_y = 2 # comment\ncenter_z = 3\nsize_x = 4\nsize_z = 6\n", "my.conf");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ConfigError");
    EXPECT_NE(std::string(e.what()).find("my.conf has no numeric size_y"), std::string::npos) << e.what();
  }
}

TEST(VinaArguments, CarryTheBoxAndTheSearchSettings) {
  DockSettings s;
  s.box = {{11, 90.5, 57.5}, {12, 14, 16}};
  s.exhaustiveness = 2;
  s.cpu = 1;
  s.seed = 7;
  const auto args = vina_arguments(s);
  const auto value_of = [&](const std::string& flag) {
    const auto it = std::find(args.begin(), args.end(), flag);
    return it == args.end() || it + 1 == args.end() ? std::string("(missing)") : *(it + 1);
  };
  EXPECT_EQ(value_of("--center_y"), "90.5000");
  EXPECT_EQ(value_of("--size_z"), "16.0000");
  EXPECT_EQ(value_of("--exhaustiveness"), "2");
  EXPECT_EQ(value_of("--cpu"), "1");
  EXPECT_EQ(value_of("--seed"), "7");
  EXPECT_EQ(value_of("--out"), "out.pdbqt");
}

}  // namespace
}  // namespace taps::docking
