#include "redocking.hpp"

#include "symmetric_rmsd.hpp"

#include <taps/error.hpp>

#include <cmath>
#include <cstdio>

namespace taps::docking {

namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

}  // namespace

void check_crystal_ligand(const std::vector<Atom>& receptor, const std::vector<Atom>& crystal, const Box& box,
                          const std::string& what) {
  const std::vector<Atom> ligand = heavy_atoms(crystal);
  if (ligand.empty()) throw Error("ConfigError", what + " has no heavy atoms", TAPS_INVALID_ARGUMENT);
  const double closest = min_distance(ligand, heavy_atoms(receptor));
  if (closest < clash_distance) {
    throw Error("ConfigError",
                what + " clashes with the receptor (a ligand heavy atom " + format("%.2f", closest) +
                    " Å from a receptor heavy atom, below " + format("%.1f", clash_distance) +
                    " Å): it is not a crystal pose in the receptor's frame, so re-docking it would prove nothing",
                TAPS_INVALID_ARGUMENT);
  }
  const auto c = centroid(ligand);
  for (std::size_t k = 0; k < 3; ++k) {
    if (std::fabs(c[k] - box.center[k]) > box.size[k] / 2) {
      throw Error("ConfigError", what + "'s centre lies outside the search box (" + "xyz"[k] + " = " +
                                     format("%.2f", c[k]) + ", box " + format("%.2f", box.center[k] - box.size[k] / 2) +
                                     " to " + format("%.2f", box.center[k] + box.size[k] / 2) + ")",
                  TAPS_INVALID_ARGUMENT);
    }
  }
}

double redocking_rmsd(const std::string& crystal_pdbqt, const std::string& pose_pdbqt) {
  return symmetry_corrected_rmsd(heavy_atoms(parse_atoms(crystal_pdbqt, "the crystal ligand")),
                                 heavy_atoms(parse_atoms(pose_pdbqt, "the re-docked pose")));
}

}  // namespace taps::docking
