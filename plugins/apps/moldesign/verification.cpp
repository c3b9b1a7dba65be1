#include "verification.hpp"

#include "kernel_ridge.hpp"
#include "molecule.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace taps::moldesign {

void verify_physical_ips(const std::vector<std::string>& smiles, const std::vector<double>& ips) {
  std::string wrong;
  for (std::size_t i = 0; i < ips.size(); ++i) {
    if (!(ips[i] >= lowest_physical_ip && ips[i] <= highest_physical_ip)) {
      wrong += " " + smiles[i] + " (" + std::to_string(ips[i]) + " eV)";
    }
  }
  if (!wrong.empty()) {
    throw Error("VerificationError", "ionization potentials outside [" + std::to_string(lowest_physical_ip) + ", " +
                                         std::to_string(highest_physical_ip) + "] eV:" + wrong);
  }
}

HeldOutError held_out_error(const std::vector<std::string>& smiles, const std::vector<double>& ips,
                            unsigned long seed) {
  const std::size_t n = ips.size();
  HeldOutError result;
  result.folds = std::min<std::size_t>(5, n);
  if (result.folds < 2) return result;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Molecules in name order first: the folds do not depend on the order in
  // which simulations happened to finish.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return smiles[a] < smiles[b]; });
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  std::vector<Fingerprint> fingerprints;
  for (const auto& s : smiles) fingerprints.push_back(morgan_fingerprint(s));

  double model_squares = 0;
  double mean_squares = 0;
  for (std::size_t fold = 0; fold < result.folds; ++fold) {
    std::vector<Fingerprint> x;
    std::vector<double> y;
    for (std::size_t k = 0; k < n; ++k) {
      if (k % result.folds == fold) continue;
      x.push_back(fingerprints[order[k]]);
      y.push_back(ips[order[k]]);
    }
    const KernelRidge model = fit_kernel_ridge(x, y);
    for (std::size_t k = fold; k < n; k += result.folds) {
      const std::size_t i = order[k];
      model_squares += std::pow(predict(model, fingerprints[i]) - ips[i], 2);
      mean_squares += std::pow(model.mean - ips[i], 2);
    }
  }
  result.model_rmse = std::sqrt(model_squares / n);
  result.mean_rmse = std::sqrt(mean_squares / n);
  return result;
}

void verify_model_beats_mean(const HeldOutError& error) {
  if (error.folds < 2) {
    throw Error("VerificationError", "too few computed molecules to hold any out: the model cannot be checked");
  }
  if (!(error.model_rmse < error.mean_rmse)) {
    throw Error("VerificationError", "the surrogate's held-out RMSE (" + std::to_string(error.model_rmse) +
                                         " eV) does not beat predicting the mean (" +
                                         std::to_string(error.mean_rmse) + " eV)");
  }
}

void verify_best_never_decreases(const std::vector<double>& best_per_batch, const std::vector<double>& ips) {
  for (std::size_t b = 1; b < best_per_batch.size(); ++b) {
    if (best_per_batch[b] < best_per_batch[b - 1]) {
      throw Error("VerificationError", "the best IP decreased from batch " + std::to_string(b - 1) + " to " +
                                           std::to_string(b));
    }
  }
  const double largest = ips.empty() ? 0 : *std::max_element(ips.begin(), ips.end());
  if (best_per_batch.empty() || best_per_batch.back() != largest) {
    throw Error("VerificationError", "the best IP reported is not the largest IP computed");
  }
}

}  // namespace taps::moldesign
