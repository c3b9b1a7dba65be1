// pdb_text.hpp — reading the fixed-column records of PDB and PDBQT files.
#pragma once

#include <cstddef>
#include <string>

namespace taps::docking {

inline bool starts_with(const std::string& line, const char* prefix) { return line.rfind(prefix, 0) == 0; }

/// `s` without its leading and trailing spaces.
inline std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

}  // namespace taps::docking
