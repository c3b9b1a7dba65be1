// search_space.hpp — the molecules the search chooses from, read from a
// SMILES file (one molecule a line, SMILES first: RDKit's NCI lists) or a
// QM9-style table (a header line naming a `smiles` column, fields split by
// tabs or spaces, as the reference's dataset).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::moldesign {

/// rdkit-data's NCI set: filtered, about 400 QM9-like molecules.
inline constexpr const char* default_dataset = "/usr/share/RDKit/Data/NCI/first_5K.smi";

struct SearchSpace {
  std::vector<std::string> smiles;  // canonical, each once, in file order
  std::size_t lines = 0;            // molecules the file holds
  std::size_t rejected = 0;         // not QM9-like, or not parsable
  std::size_t duplicates = 0;       // the same molecule again
};

/// Keeps the QM9-like molecules (see qm9_like). Throws a ConfigError naming
/// the file (and, for the default, the Debian package) when it cannot be
/// read, and a DataError when no molecule is left.
SearchSpace load_search_space(const std::filesystem::path& file);

}  // namespace taps::moldesign
