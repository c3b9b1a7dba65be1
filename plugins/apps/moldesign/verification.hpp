// verification.hpp — the app's checks of its own science, each throwing a
// VerificationError that fails the run: every IP is physical, the surrogate
// predicts held-out molecules better than their mean does, and the best IP
// found never decreases from one batch to the next.
#pragma once

#include <string>
#include <vector>

namespace taps::moldesign {

/// Ionization potentials of neutral molecules lie between caesium's
/// (3.9 eV) and helium's (24.6 eV).
inline constexpr double lowest_physical_ip = 3.5;
inline constexpr double highest_physical_ip = 25.0;

/// Throws naming each molecule whose IP (eV) is outside the physical range
/// or not a number.
void verify_physical_ips(const std::vector<std::string>& smiles, const std::vector<double>& ips);

struct HeldOutError {
  std::size_t folds = 0;
  double model_rmse = 0;  // of the kernel ridge fitted to the other folds
  double mean_rmse = 0;   // of the other folds' mean
};

/// K-fold cross-validation (K = min(5, n)), folds dealt round-robin from a
/// seeded shuffle of the molecules in name order: each molecule predicted
/// by a model that never saw it, the same folds whatever order the
/// simulations finished in.
HeldOutError held_out_error(const std::vector<std::string>& smiles, const std::vector<double>& ips,
                            unsigned long seed);

/// Throws unless the model's held-out error is below the mean's.
void verify_model_beats_mean(const HeldOutError& error);

/// Throws unless `best_per_batch` never decreases and ends at the largest IP.
void verify_best_never_decreases(const std::vector<double>& best_per_batch, const std::vector<double>& ips);

}  // namespace taps::moldesign
