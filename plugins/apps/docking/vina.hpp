// vina.hpp — docking one ligand with the AutoDock Vina program: its search
// box, its settings, and reading what it prints and writes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace taps::docking {

/// The search space: centre and side lengths in Å.
struct Box {
  std::array<double, 3> center{};
  std::array<double, 3> size{};
};

struct DockSettings {
  Box box;
  std::int64_t exhaustiveness = 1;
  std::int64_t cpu = 1;
  std::int64_t seed = 0;
};

/// The best binding mode Vina found.
struct DockResult {
  double score = 0;  // affinity, kcal/mol
  std::string pose;  // its PDBQT MODEL block
};

/// center_x ... size_z of a Vina config file (key = value lines; other keys
/// and # comments ignored). Throws a ConfigError naming `what` and the
/// first missing key.
Box parse_box_config(const std::string& text, const std::string& what);

/// The affinities of Vina's result table (mode, affinity, rmsd l.b., rmsd
/// u.b.), best first. Throws a ToolError quoting the output when there is
/// no table.
std::vector<double> parse_affinities(const std::string& vina_stdout);

/// The argument list of one Vina run on receptor.pdbqt and ligand.pdbqt,
/// writing out.pdbqt.
std::vector<std::string> vina_arguments(const DockSettings& settings);

/// Docks `ligand_pdbqt` into `receptor_pdbqt` in a private directory (removed
/// afterwards). Throws ToolNotFound or ToolError (with Vina's stderr).
DockResult dock(const std::string& receptor_pdbqt, const std::string& ligand_pdbqt, const DockSettings& settings);

}  // namespace taps::docking
