#include "tasks.hpp"

#include "ligand_preparation.hpp"

namespace taps::docking {

std::string prepare_ligand(std::string smiles) { return smiles_to_pdbqt(smiles); }

DockResult dock_ligand(std::string receptor_pdbqt, std::string ligand_pdbqt, DockSettings settings) {
  return dock(receptor_pdbqt, ligand_pdbqt, settings);
}

SurrogateModel train_surrogate(std::vector<std::string> smiles, std::vector<double> scores) {
  return train_model(smiles, scores);
}

std::vector<double> infer_scores(SurrogateModel model, std::vector<std::string> smiles) {
  return predict(model, smiles);
}

}  // namespace taps::docking
