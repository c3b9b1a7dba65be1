#include "tasks.hpp"

#include "molecule.hpp"
#include "xtb.hpp"

namespace taps::moldesign {

double compute_vertical(std::string smiles, double xtb_timeout) {
  return vertical_ip(initial_xyz(smiles), xtb_timeout);
}

KernelRidge train_model(std::vector<std::string> smiles, std::vector<double> ips) {
  std::vector<Fingerprint> fingerprints;
  fingerprints.reserve(smiles.size());
  for (const auto& s : smiles) fingerprints.push_back(morgan_fingerprint(s));
  return fit_kernel_ridge(fingerprints, ips);
}

std::vector<double> run_model(KernelRidge model, std::vector<std::string> smiles) {
  std::vector<double> predictions;
  predictions.reserve(smiles.size());
  for (const auto& s : smiles) predictions.push_back(predict(model, morgan_fingerprint(s)));
  return predictions;
}

std::vector<double> combine_inferences(Rest<std::vector<double>> chunks) {
  std::vector<double> all;
  for (const auto& chunk : chunks) all.insert(all.end(), chunk.begin(), chunk.end());
  return all;
}

}  // namespace taps::moldesign
