// crystal_complex.hpp — the re-docking check's input: a crystal structure
// (PDB) holding a receptor and a ligand bound to it, split into the two and
// converted to the PDBQT Vina reads, with a search box around the ligand.
#pragma once

#include "vina.hpp"

#include <string>

namespace taps::docking {

/// The default: rdkit-data's 5DT0 (Aurora A kinase with the inhibitor
/// JNJ-7706621, residue SKE; RCSB coordinates, shipped for RDKit's
/// CalcLigRMSD example).
inline constexpr const char* default_redock_complex = "/usr/share/RDKit/Contrib/CalcLigRMSD/data/5dt0.pdb";
inline constexpr const char* default_crystal_ligand = "SKE";

/// Padding around the crystal ligand's heavy atoms on every side of the
/// re-docking box (smina's autobox_ligand default).
inline constexpr double redock_box_padding = 4.0;

/// The two parts of a crystal structure, still as PDB records.
struct ComplexParts {
  std::string receptor;  // its ATOM records (the polymer), TER and END
  std::string ligand;    // the HETATM records of the ligand residue, with its CONECT records
};

/// Splits the PDB text `pdb` into the polymer and the first residue named
/// `residue` among its HETATM records (one copy when the structure holds
/// several); water and other hetero groups are left out. Throws a
/// ConfigError naming `what` and the residues it has when there is no such
/// residue, or when there are no ATOM records.
ComplexParts split_complex(const std::string& pdb, const std::string& residue, const std::string& what);

/// The box around the heavy atoms of `ligand_pdbqt`: their bounding box
/// with redock_box_padding added on every side.
Box box_around(const std::string& ligand_pdbqt);

/// A rigid receptor PDBQT from PDB records: `obabel -ipdb -xr -h -opdbqt`
/// (polar hydrogens kept for Vina's hydrogen-bond donors, the others merged).
std::string receptor_pdb_to_pdbqt(const std::string& pdb);

/// A ligand PDBQT (torsion tree, polar hydrogens) from PDB records, its
/// heavy atoms where the crystal has them: `obabel -ipdb -h -opdbqt`.
std::string ligand_pdb_to_pdbqt(const std::string& pdb);

}  // namespace taps::docking
