// redocking.hpp — the check that docking reproduces a known pose: a crystal
// ligand (PDBQT in the receptor's frame) docked again must come back within
// 2 Å heavy-atom RMSD of where the crystal structure has it.
#pragma once

#include "pdbqt.hpp"
#include "vina.hpp"

#include <string>
#include <vector>

namespace taps::docking {

/// What the check re-docks: a receptor and its crystal ligand, both PDBQT
/// text converted from one crystal structure, and Vina's settings (a box
/// around the ligand).
struct RedockTarget {
  std::string complex_file;  // named in logs and docking.json
  std::string residue;       // the ligand's residue name in it
  std::string receptor;
  std::string ligand;
  DockSettings settings;
};

/// Closer than this between a ligand heavy atom and a receptor heavy atom is
/// a clash: hydrogen-bonded heavy atoms sit 2.5-3.2 Å apart.
inline constexpr double clash_distance = 2.0;
inline constexpr double redocking_tolerance = 2.0;

/// Throws a ConfigError naming `what` unless the crystal ligand has heavy
/// atoms, none of them clashes with a receptor heavy atom (a ligand from
/// another frame overlaps the protein), and its centroid lies in the box.
void check_crystal_ligand(const std::vector<Atom>& receptor, const std::vector<Atom>& crystal, const Box& box,
                          const std::string& what);

/// The heavy-atom RMSD between the crystal ligand and the docked pose
/// (atoms in the same order, as Vina writes them), symmetry-corrected.
double redocking_rmsd(const std::string& crystal_pdbqt, const std::string& pose_pdbqt);

}  // namespace taps::docking
