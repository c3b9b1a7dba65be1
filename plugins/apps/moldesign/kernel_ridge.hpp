// kernel_ridge.hpp — the surrogate model: kernel ridge regression on Morgan
// fingerprints with the Tanimoto kernel (the reference uses a Jaccard-metric
// k-NN; a kernel ridge is what the issue asks for). The model is a value: the
// training fingerprints and their weights, so it travels as task payload.
#pragma once

#include "molecule.hpp"

#include <taps/codec.hpp>

#include <cstdint>
#include <vector>

namespace taps::moldesign {

struct KernelRidge {
  std::vector<std::uint64_t> fingerprints;  // fingerprint_words per training molecule
  std::vector<double> weights;              // one per training molecule
  double mean = 0;                          // of the training targets: the prediction far from all of them
  double regularization = 0;                // the ridge, chosen by leave-one-out error

  std::size_t size() const { return weights.size(); }
};

/// |a AND b| / |a OR b| (0 for two empty fingerprints).
double tanimoto(const std::uint64_t* a, const std::uint64_t* b);

/// Fits targets `y` of the fingerprints (at least one), choosing the ridge
/// among a few by the closed-form leave-one-out error.
KernelRidge fit_kernel_ridge(const std::vector<Fingerprint>& x, const std::vector<double>& y);

double predict(const KernelRidge& model, const Fingerprint& x);

}  // namespace taps::moldesign

template <>
struct taps::Codec<taps::moldesign::KernelRidge> {
  static constexpr const char* type = "moldesign.kernel_ridge";
  static void encode(Writer& w, const taps::moldesign::KernelRidge& m) {
    w.put(m.fingerprints);
    w.put(m.weights);
    w.put(m.mean);
    w.put(m.regularization);
  }
  static taps::moldesign::KernelRidge decode(Reader& r) {
    taps::moldesign::KernelRidge m;
    m.fingerprints = r.get<std::vector<std::uint64_t>>();
    m.weights = r.get<std::vector<double>>();
    m.mean = r.get<double>();
    m.regularization = r.get<double>();
    if (m.fingerprints.size() != m.weights.size() * taps::moldesign::fingerprint_words) {
      throw DecodeError("moldesign.kernel_ridge: " + std::to_string(m.fingerprints.size()) +
                        " fingerprint words for " + std::to_string(m.weights.size()) + " weights");
    }
    return m;
  }
};
