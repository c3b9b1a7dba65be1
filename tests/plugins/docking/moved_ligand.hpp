// moved_ligand.hpp — a deliberately wrong crystal pose for the re-docking
// check: a crystal structure whose ligand has been moved. In 5DT0, moving
// SKE by (-3, 2, -3) Å (4.7 Å) slides it towards the mouth of the ATP
// pocket: no ligand heavy atom comes closer than 2.6 Å to a receptor heavy
// atom, so the app takes it for a crystal pose, but it is 4.7 Å from where
// the crystal has it.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace taps::testing {

inline constexpr std::array<double, 3> out_of_the_pocket{-3, 2, -3};

/// The PDB text `pdb` with the coordinates (columns 31-54) of every HETATM
/// record of residue `residue` moved by `shift` Å; every other line as it
/// was.
inline std::string with_ligand_moved(const std::string& pdb, const std::string& residue,
                                     const std::array<double, 3>& shift) {
  std::istringstream in(pdb);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("HETATM", 0) == 0 && line.size() >= 54 && line.compare(17, 3, residue) == 0) {
      char xyz[32];
      std::snprintf(xyz, sizeof xyz, "%8.3f%8.3f%8.3f", std::atof(line.substr(30, 8).c_str()) + shift[0],
                    std::atof(line.substr(38, 8).c_str()) + shift[1], std::atof(line.substr(46, 8).c_str()) + shift[2]);
      line.replace(30, 24, xyz);
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace taps::testing
