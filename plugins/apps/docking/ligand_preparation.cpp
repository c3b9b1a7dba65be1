#include "ligand_preparation.hpp"

#include "external_tool.hpp"
#include "pdbqt.hpp"
#include "private_directory.hpp"

#include <taps/error.hpp>

#include <cmath>

namespace taps::docking {

std::vector<std::string> obabel_arguments(const std::string& smiles) {
  return {"-:" + smiles, "-h", "--gen3d", "--partialcharge", "gasteiger", "-opdbqt"};
}

std::string checked_pdbqt(const std::string& smiles, const std::string& out, const std::string& err) {
  const std::vector<Atom> atoms = parse_atoms(out, "obabel's PDBQT for " + smiles);
  if (atoms.empty()) {
    throw Error("ToolError", "obabel wrote no atoms for '" + smiles + "': " + tail_of(err));
  }
  bool all_at_origin = true;
  for (const auto& a : atoms) {
    for (const double x : a.position) all_at_origin = all_at_origin && std::fabs(x) < 1e-6;
  }
  if (all_at_origin && atoms.size() > 1) {
    throw Error("ToolError", "obabel gave '" + smiles + "' no 3-D coordinates (every atom at the origin): " +
                                 tail_of(err));
  }
  return out;
}

std::string smiles_to_pdbqt(const std::string& smiles) {
  PrivateDirectory directory("obabel");
  const ToolOutput output = run_tool(obabel_tool, obabel_arguments(smiles), directory.path());
  return checked_pdbqt(smiles, output.out, output.err);
}

}  // namespace taps::docking
