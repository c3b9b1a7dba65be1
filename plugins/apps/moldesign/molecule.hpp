// molecule.hpp — what the app asks of RDKit about one molecule: parsing a
// SMILES string, whether it is QM9-like, a starting 3-D geometry and a
// Morgan fingerprint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace taps::moldesign {

/// The canonical SMILES of a QM9-like molecule (neutral, no unpaired
/// electron, one fragment, at most 9 heavy atoms, all of them C, N, O or F),
/// or nothing when `smiles` is not one (or does not parse).
std::optional<std::string> qm9_like(const std::string& smiles);

/// Atoms of the molecule with its hydrogens: what a simulation's cost grows
/// with. Throws a DataError when the SMILES does not parse.
unsigned atom_count(const std::string& smiles);

/// XYZ text of the molecule with its hydrogens: an ETKDG embedding (seed 1,
/// as the reference) relaxed with MMFF94. Throws a GeometryError when the
/// SMILES does not parse or cannot be embedded in 3-D.
std::string initial_xyz(const std::string& smiles);

/// Morgan fingerprint bits (the reference's length 256, radius 4), packed
/// 64 to a word, bit i in word i / 64.
inline constexpr unsigned fingerprint_bits = 256;
inline constexpr unsigned fingerprint_radius = 4;
inline constexpr unsigned fingerprint_words = fingerprint_bits / 64;
using Fingerprint = std::vector<std::uint64_t>;

/// Throws a DataError when the SMILES does not parse.
Fingerprint morgan_fingerprint(const std::string& smiles);

}  // namespace taps::moldesign
