#include "crystal_complex.hpp"

#include "external_tool.hpp"
#include "pdb_text.hpp"
#include "pdbqt.hpp"
#include "private_directory.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <set>
#include <sstream>

namespace taps::docking {

namespace {

std::string field(const std::string& line, std::size_t first, std::size_t count) {
  return line.size() > first ? trimmed(line.substr(first, count)) : "";
}

/// Runs obabel on `pdb` with `args` between input and output, and checks
/// that it wrote atoms.
std::string obabel_pdb_to_pdbqt(const std::string& pdb, std::vector<std::string> args, const std::string& what) {
  PrivateDirectory directory("obabel");
  directory.write("in.pdb", pdb);
  args.insert(args.begin(), {"-ipdb", "in.pdb"});
  args.push_back("-opdbqt");
  const ToolOutput output = run_tool(obabel_tool, args, directory.path());
  if (parse_atoms(output.out, "obabel's PDBQT of the " + what).empty()) {
    throw Error("ToolError", "obabel wrote no atoms for the " + what + ": " + tail_of(output.err));
  }
  return output.out;
}

}  // namespace

ComplexParts split_complex(const std::string& pdb, const std::string& residue, const std::string& what) {
  ComplexParts parts;
  std::set<std::string> hetero_groups;
  std::string ligand_instance;  // chain and residue number of the copy taken
  std::set<std::string> ligand_serials;
  std::vector<std::string> conect;
  std::istringstream in(pdb);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (starts_with(line, "ATOM  ") || starts_with(line, "TER")) {
      parts.receptor += line + "\n";
    } else if (starts_with(line, "HETATM")) {
      const std::string name = field(line, 17, 3);
      hetero_groups.insert(name);
      if (name != residue) continue;
      const std::string instance = line.substr(21, 6);  // chain, residue number, insertion code
      if (ligand_instance.empty()) ligand_instance = instance;
      if (instance != ligand_instance) continue;
      parts.ligand += line + "\n";
      ligand_serials.insert(field(line, 6, 5));
    } else if (starts_with(line, "CONECT")) {
      conect.push_back(line);
    }
  }
  if (parts.ligand.empty()) {
    std::string names;
    for (const auto& name : hetero_groups) names += (names.empty() ? "" : ", ") + name;
    throw Error("ConfigError",
                what + " has no HETATM residue '" + residue + "' (its hetero groups: " +
                    (names.empty() ? "none" : names) + ")",
                TAPS_INVALID_ARGUMENT);
  }
  if (parts.receptor.find("ATOM  ") == std::string::npos) {
    throw Error("ConfigError", what + " has no ATOM records: no receptor to dock into", TAPS_INVALID_ARGUMENT);
  }
  // The ligand's CONECT records tell obabel its bonds.
  for (const auto& line : conect) {
    if (ligand_serials.count(field(line, 6, 5)) != 0) parts.ligand += line + "\n";
  }
  parts.receptor += "END\n";
  parts.ligand += "END\n";
  return parts;
}

Box box_around(const std::string& ligand_pdbqt) {
  const std::vector<Atom> atoms = heavy_atoms(parse_atoms(ligand_pdbqt, "the crystal ligand"));
  if (atoms.empty()) throw Error("DataError", "the crystal ligand has no heavy atoms");
  Box box;
  for (std::size_t k = 0; k < 3; ++k) {
    const auto [low, high] = std::minmax_element(atoms.begin(), atoms.end(), [k](const Atom& a, const Atom& b) {
      return a.position[k] < b.position[k];
    });
    box.center[k] = (low->position[k] + high->position[k]) / 2;
    box.size[k] = high->position[k] - low->position[k] + 2 * redock_box_padding;
  }
  return box;
}

std::string receptor_pdb_to_pdbqt(const std::string& pdb) {
  return obabel_pdb_to_pdbqt(pdb, {"-xr", "-h"}, "receptor");
}

std::string ligand_pdb_to_pdbqt(const std::string& pdb) { return obabel_pdb_to_pdbqt(pdb, {"-h"}, "crystal ligand"); }

}  // namespace taps::docking
