#include "ligand_library.hpp"

#include <taps/error.hpp>

#include <GraphMol/MolOps.h>
#include <GraphMol/RWMol.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <RDGeneral/RDLog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace taps::docking {

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& line, bool commas) {
  std::vector<std::string> fields;
  if (commas) {
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, ',');) {
      const auto first = field.find_first_not_of(" \t\"");
      const auto last = field.find_last_not_of(" \t\"\r");
      fields.push_back(first == std::string::npos ? "" : field.substr(first, last - first + 1));
    }
  } else {
    std::istringstream in(line);
    for (std::string field; in >> field;) fields.push_back(field);
  }
  return fields;
}

bool dockable(const RDKit::ROMol& mol) {
  static const std::set<int> elements = {6, 7, 8, 9, 15, 16, 17, 35, 53};
  for (const auto* atom : mol.atoms()) {
    if (atom->getAtomicNum() != 1 && elements.count(atom->getAtomicNum()) == 0) return false;
  }
  std::vector<int> fragment_of;
  const unsigned heavy = mol.getNumHeavyAtoms();
  return RDKit::MolOps::getMolFrags(mol, fragment_of) == 1 && heavy >= min_heavy_atoms && heavy <= max_heavy_atoms;
}

}  // namespace

LigandLibrary parse_ligand_library(const std::string& text, const std::string& what) {
  LigandLibrary library;
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  std::size_t first = 0;
  while (first < lines.size() && lines[first].find_first_not_of(" \t") == std::string::npos) ++first;

  // Header or not: a first line with a column named SMILES.
  bool commas = false;
  std::ptrdiff_t smiles_column = -1, name_column = -1;
  if (first < lines.size()) {
    commas = lines[first].find(',') != std::string::npos;
    const auto header = split(lines[first], commas);
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string h = upper(header[i]);
      if (h == "SMILES") smiles_column = static_cast<std::ptrdiff_t>(i);
      if (h == "TITLE" || h == "NAME") name_column = static_cast<std::ptrdiff_t>(i);
    }
    if (smiles_column >= 0) {
      ++first;
    } else {
      commas = false;
    }
  }

  // RDKit reports each unparsable SMILES on stderr; they are counted instead.
  RDLog::LogStateSetter quiet;
  std::set<std::string> seen;
  for (std::size_t n = first; n < lines.size(); ++n) {
    const auto fields = split(lines[n], commas);
    if (fields.empty() || fields[0].rfind('#', 0) == 0) continue;
    Ligand ligand;
    if (smiles_column >= 0) {
      if (static_cast<std::size_t>(smiles_column) >= fields.size()) {
        throw Error("DataError", what + ", line " + std::to_string(n + 1) + ": no SMILES column");
      }
      ligand.smiles = fields[static_cast<std::size_t>(smiles_column)];
      if (name_column >= 0 && static_cast<std::size_t>(name_column) < fields.size()) {
        ligand.name = fields[static_cast<std::size_t>(name_column)];
      }
    } else {
      ligand.smiles = fields[0];
      for (std::size_t i = 1; i < fields.size(); ++i) ligand.name += (i > 1 ? " " : "") + fields[i];
    }
    if (ligand.name.empty()) ligand.name = "line " + std::to_string(n + 1);
    ++library.read;
    std::unique_ptr<RDKit::RWMol> mol;
    try {
      mol.reset(RDKit::SmilesToMol(ligand.smiles));
    } catch (const std::exception&) {
      mol.reset();
    }
    if (!mol) {
      ++library.unparsable;
    } else if (!dockable(*mol)) {
      ++library.unsuitable;
    } else if (!seen.insert(RDKit::MolToSmiles(*mol)).second) {
      ++library.duplicates;
    } else {
      library.ligands.push_back(std::move(ligand));
    }
  }
  return library;
}

LigandLibrary load_ligand_library(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("DataError", "cannot read the ligand file '" + path.string() + "'");
  std::stringstream text;
  text << in.rdbuf();
  LigandLibrary library = parse_ligand_library(text.str(), "'" + path.string() + "'");
  if (library.ligands.empty()) {
    throw Error("DataError", "'" + path.string() + "' holds no dockable molecule (" + std::to_string(library.read) +
                                 " read, " + std::to_string(library.unparsable) + " unparsable, " +
                                 std::to_string(library.unsuitable) + " unsuitable): is it a SMILES list with the "
                                 "SMILES first, or a CSV with a SMILES column?");
  }
  return library;
}

}  // namespace taps::docking
