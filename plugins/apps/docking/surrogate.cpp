#include "surrogate.hpp"

#include <taps/error.hpp>

#include <DataStructs/BitOps.h>
#include <GraphMol/Fingerprints/MorganGenerator.h>
#include <GraphMol/SmilesParse/SmilesParse.h>

#include <algorithm>
#include <numeric>

namespace taps::docking {

std::unique_ptr<ExplicitBitVect> morgan_fingerprint(const std::string& smiles) {
  std::unique_ptr<RDKit::RWMol> mol;
  try {
    mol.reset(RDKit::SmilesToMol(smiles));
  } catch (const std::exception&) {
    mol.reset();
  }
  if (!mol) throw Error("DataError", "RDKit cannot parse the SMILES '" + smiles + "'");
  // The generator keeps no state between molecules; one per thread.
  thread_local const std::unique_ptr<RDKit::FingerprintGenerator<std::uint64_t>> generator(
      RDKit::MorganFingerprint::getMorganGenerator<std::uint64_t>(fingerprint_radius, false, false, true, false,
                                                                  nullptr, nullptr, fingerprint_bits));
  return std::unique_ptr<ExplicitBitVect>(generator->getFingerprint(*mol));
}

SurrogateModel train_model(const std::vector<std::string>& smiles, const std::vector<double>& scores) {
  if (smiles.size() != scores.size() || smiles.empty()) {
    throw Error("DataError", "training needs one score per molecule and at least one molecule, got " +
                                 std::to_string(smiles.size()) + " molecules and " + std::to_string(scores.size()) +
                                 " scores");
  }
  SurrogateModel model;
  for (const auto& s : smiles) model.fingerprints.push_back(morgan_fingerprint(s)->toString());
  model.scores = scores;
  return model;
}

double knn_estimate(const std::vector<double>& similarities, const std::vector<double>& scores, std::size_t k) {
  std::vector<std::size_t> order(similarities.size());
  std::iota(order.begin(), order.end(), 0);
  k = std::min(k, order.size());
  // Most similar first; ties by training order, so predictions are stable.
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      return similarities[a] != similarities[b] ? similarities[a] > similarities[b] : a < b;
                    });
  double identical_sum = 0, weighted_sum = 0, weights = 0;
  std::size_t identical = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double distance = 1.0 - similarities[order[i]];
    if (distance <= 0) {
      identical_sum += scores[order[i]];
      ++identical;
    } else {
      weighted_sum += scores[order[i]] / distance;
      weights += 1.0 / distance;
    }
  }
  return identical > 0 ? identical_sum / static_cast<double>(identical) : weighted_sum / weights;
}

std::vector<double> predict(const SurrogateModel& model, const std::vector<std::string>& smiles) {
  std::vector<ExplicitBitVect> training;
  training.reserve(model.fingerprints.size());
  for (const auto& pickle : model.fingerprints) training.emplace_back(pickle);
  std::vector<double> predictions;
  predictions.reserve(smiles.size());
  std::vector<double> similarities(training.size());
  for (const auto& s : smiles) {
    const auto query = morgan_fingerprint(s);
    for (std::size_t i = 0; i < training.size(); ++i) similarities[i] = TanimotoSimilarity(*query, training[i]);
    predictions.push_back(knn_estimate(similarities, model.scores, neighbours));
  }
  return predictions;
}

}  // namespace taps::docking
