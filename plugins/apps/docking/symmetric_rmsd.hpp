// symmetric_rmsd.hpp — the RMSD docking benchmarks report: heavy atoms of
// two poses of one molecule, minimised over the molecule's symmetries, so
// that a phenyl ring turned over or a sulfonyl's two oxygens swapped do not
// count as an error (as RDKit's CalcRMS and CalcLigRMSD do it).
#pragma once

#include "pdbqt.hpp"

#include <vector>

namespace taps::docking {

/// The least RMSD between `reference` and `pose` (the heavy atoms of one
/// molecule in the same order) over the atom permutations that map the
/// molecule's bond graph onto itself with elements kept: bonds are taken
/// from `reference`'s geometry (covalent radii plus 0.4 Å), elements from
/// the AutoDock types. Throws a DataError when the counts differ or are zero
/// or a type has no element.
double symmetry_corrected_rmsd(const std::vector<Atom>& reference, const std::vector<Atom>& pose);

}  // namespace taps::docking
