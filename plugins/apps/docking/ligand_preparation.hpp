// ligand_preparation.hpp — SMILES to a docking-ready 3-D PDBQT with Open
// Babel: hydrogens added, 3-D coordinates generated (Open Babel's default
// --gen3d; its "fast" mode writes all-zero coordinates in 3.1.1), Gasteiger
// partial charges, rotatable bonds as PDBQT torsions.
#pragma once

#include <string>
#include <vector>

namespace taps::docking {

/// The obabel arguments that convert `smiles`.
std::vector<std::string> obabel_arguments(const std::string& smiles);

/// Checks what obabel printed for one molecule and returns the PDBQT.
/// Throws a ToolError with obabel's stderr when no molecule was written,
/// or when every atom sits at the origin (no 3-D coordinates).
std::string checked_pdbqt(const std::string& smiles, const std::string& out, const std::string& err);

/// Runs obabel on `smiles` in a private directory. Throws ToolNotFound or
/// ToolError.
std::string smiles_to_pdbqt(const std::string& smiles);

}  // namespace taps::docking
