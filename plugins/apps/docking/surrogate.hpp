// surrogate.hpp — the model that predicts docking scores, as the
// reference's: Morgan fingerprints (radius 4, 256 bits) and a k-nearest-
// neighbours regressor (k = 4) on the Jaccard distance 1 - Tanimoto,
// neighbours weighted by 1 / distance. Fingerprints and similarities are
// RDKit's own.
#pragma once

#include <DataStructs/ExplicitBitVect.h>

#include <memory>
#include <string>
#include <vector>

namespace taps::docking {

inline constexpr unsigned fingerprint_radius = 4;
inline constexpr unsigned fingerprint_bits = 256;
inline constexpr std::size_t neighbours = 4;

/// A trained model: the training molecules' fingerprints (RDKit's pickled
/// ExplicitBitVect) and their docking scores.
struct SurrogateModel {
  std::vector<std::string> fingerprints;
  std::vector<double> scores;
};

/// The Morgan fingerprint of `smiles`. Throws a DataError when RDKit cannot
/// parse it.
std::unique_ptr<ExplicitBitVect> morgan_fingerprint(const std::string& smiles);

/// Fingerprints the training molecules. Throws a DataError when the lists
/// differ in length or are empty.
SurrogateModel train_model(const std::vector<std::string>& smiles, const std::vector<double>& scores);

/// The predicted score of each molecule.
std::vector<double> predict(const SurrogateModel& model, const std::vector<std::string>& smiles);

/// k-NN regression given the similarities of one query to every training
/// molecule: the distance-weighted mean over the k most similar; when some
/// are identical (distance 0), the plain mean of those (as scikit-learn's
/// weights='distance' does).
double knn_estimate(const std::vector<double>& similarities, const std::vector<double>& scores, std::size_t k);

}  // namespace taps::docking
