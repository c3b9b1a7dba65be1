// ligand_library.hpp — the molecules a campaign searches, read from a SMILES
// file and kept only when Vina can dock them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::docking {

struct Ligand {
  std::string name;    // the file's title column, or "line N"
  std::string smiles;  // as written in the file
};

struct LigandLibrary {
  std::vector<Ligand> ligands;
  std::size_t read = 0;         // molecule lines in the file
  std::size_t unparsable = 0;   // RDKit could not parse the SMILES
  std::size_t unsuitable = 0;   // several fragments, other elements, too small or large
  std::size_t duplicates = 0;   // the same canonical SMILES as an earlier line
};

/// Heavy-atom range a ligand must fall in: smaller ones are not drug-like
/// ligands, larger ones make one Vina run take minutes.
inline constexpr unsigned min_heavy_atoms = 6;
inline constexpr unsigned max_heavy_atoms = 40;

/// Parses a SMILES list. Two layouts:
///  - a header line naming a column SMILES (any case), columns separated by
///    commas (.csv, the reference's TITLE,SMILES file) or else whitespace;
///    a column TITLE or NAME, if any, names the molecule;
///  - no such header: Daylight .smi, the SMILES first on each line and the
///    rest of the line its name.
/// Keeps molecules RDKit parses that are one fragment of C, N, O, S, P, F,
/// Cl, Br and I with min_heavy_atoms..max_heavy_atoms heavy atoms, once each.
/// `what` names the source in errors.
LigandLibrary parse_ligand_library(const std::string& text, const std::string& what);

/// Reads and parses a file. Throws a DataError when it cannot be read or
/// leaves no molecule.
LigandLibrary load_ligand_library(const std::filesystem::path& path);

}  // namespace taps::docking
