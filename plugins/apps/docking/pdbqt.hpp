// pdbqt.hpp — the parts of the PDBQT format the app reads: atom records
// (coordinates and AutoDock atom type), Vina's MODEL blocks, and the
// geometry the re-docking check needs.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::docking {

struct Atom {
  std::array<double, 3> position;
  std::string type;  // AutoDock type: C, A, N, NA, OA, HD, ...
  bool is_hydrogen() const { return type == "H" || type == "HD" || type == "HS"; }
};

/// The ATOM/HETATM records of `text`, in order. Throws a DataError naming
/// `what` and the line for a record whose coordinates do not parse.
std::vector<Atom> parse_atoms(const std::string& text, const std::string& what);

/// The atoms that are not hydrogens, in order.
std::vector<Atom> heavy_atoms(const std::vector<Atom>& atoms);

/// The first MODEL ... ENDMDL block of a multi-model PDBQT (Vina's output),
/// or the whole text when it has no MODEL record.
std::string first_model(const std::string& text);

/// Root-mean-square distance between corresponding atoms, matched by
/// position in the lists (plain, not symmetry-corrected; Vina writes its
/// poses in the atom order of its input). Throws a DataError when the
/// counts differ or are zero.
double rmsd_in_order(const std::vector<Atom>& a, const std::vector<Atom>& b);

/// The smallest distance between an atom of `a` and an atom of `b`.
double min_distance(const std::vector<Atom>& a, const std::vector<Atom>& b);

std::array<double, 3> centroid(const std::vector<Atom>& atoms);

/// Reads a PDBQT file, gunzipping it when its name ends in .gz.
std::string read_structure_file(const std::filesystem::path& path);

}  // namespace taps::docking
