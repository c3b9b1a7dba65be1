#include "molecule.hpp"

#include <taps/error.hpp>

#include <GraphMol/DistGeomHelpers/Embedder.h>
#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>
#include <GraphMol/ForceFieldHelpers/MMFF/MMFF.h>
#include <GraphMol/GraphMol.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <DataStructs/ExplicitBitVect.h>
#include <RDGeneral/RDLog.h>

#include <cstdio>
#include <memory>

namespace taps::moldesign {

namespace {

// A parsed molecule, or nullptr; RDKit's parser reports bad input by
// returning nullptr or throwing, depending on the fault.
std::unique_ptr<RDKit::RWMol> parse(const std::string& smiles) {
  try {
    return std::unique_ptr<RDKit::RWMol>(RDKit::SmilesToMol(smiles));
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool is_qm9_element(unsigned atomic_number) {
  return atomic_number == 6 || atomic_number == 7 || atomic_number == 8 || atomic_number == 9;
}

}  // namespace

std::optional<std::string> qm9_like(const std::string& smiles) {
  // A data set of thousands of lines may hold some RDKit rejects: each is
  // counted by the caller, not printed.
  const RDLog::LogStateSetter quiet;
  const auto mol = parse(smiles);
  if (!mol || mol->getNumAtoms() == 0 || mol->getNumAtoms() > 9) return std::nullopt;
  for (const RDKit::Atom* atom : mol->atoms()) {
    if (!is_qm9_element(atom->getAtomicNum()) || atom->getFormalCharge() != 0 ||
        atom->getNumRadicalElectrons() != 0) {
      return std::nullopt;
    }
  }
  std::vector<int> fragment_of_atom;
  if (RDKit::MolOps::getMolFrags(*mol, fragment_of_atom) != 1) return std::nullopt;
  return RDKit::MolToSmiles(*mol);
}

unsigned atom_count(const std::string& smiles) {
  const auto mol = parse(smiles);
  if (!mol) throw Error("DataError", "RDKit cannot parse SMILES '" + smiles + "'");
  unsigned atoms = mol->getNumAtoms();
  for (const RDKit::Atom* atom : mol->atoms()) atoms += atom->getTotalNumHs();
  return atoms;
}

std::string initial_xyz(const std::string& smiles) {
  const auto parsed = parse(smiles);
  if (!parsed) throw Error("GeometryError", "RDKit cannot parse SMILES '" + smiles + "'");
  std::unique_ptr<RDKit::ROMol> mol(RDKit::MolOps::addHs(static_cast<const RDKit::ROMol&>(*parsed)));
  RDKit::DGeomHelpers::EmbedParameters params = RDKit::DGeomHelpers::ETKDGv3;
  params.randomSeed = 1;
  if (RDKit::DGeomHelpers::EmbedMolecule(*mol, params) < 0) {
    throw Error("GeometryError", "RDKit cannot embed '" + smiles + "' in 3-D");
  }
  RDKit::MMFF::MMFFOptimizeMolecule(*mol);

  const RDKit::Conformer& conformer = mol->getConformer();
  std::string xyz = std::to_string(mol->getNumAtoms()) + "\n" + smiles + "\n";
  char line[128];
  for (const RDKit::Atom* atom : mol->atoms()) {
    const RDGeom::Point3D& p = conformer.getAtomPos(atom->getIdx());
    std::snprintf(line, sizeof line, "%-2s %14.8f %14.8f %14.8f\n", atom->getSymbol().c_str(), p.x, p.y, p.z);
    xyz += line;
  }
  return xyz;
}

Fingerprint morgan_fingerprint(const std::string& smiles) {
  const auto mol = parse(smiles);
  if (!mol) throw Error("DataError", "RDKit cannot parse SMILES '" + smiles + "'");
  const std::unique_ptr<ExplicitBitVect> bits(
      RDKit::MorganFingerprints::getFingerprintAsBitVect(*mol, fingerprint_radius, fingerprint_bits));
  Fingerprint words(fingerprint_words, 0);
  for (unsigned i = 0; i < fingerprint_bits; ++i) {
    if (bits->getBit(i)) words[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  return words;
}

}  // namespace taps::moldesign
