#include "kernel_ridge.hpp"

#include <taps/error.hpp>

#include <Eigen/Dense>

#include <bit>
#include <limits>

namespace taps::moldesign {

double tanimoto(const std::uint64_t* a, const std::uint64_t* b) {
  int both = 0;
  int either = 0;
  for (unsigned w = 0; w < fingerprint_words; ++w) {
    both += std::popcount(a[w] & b[w]);
    either += std::popcount(a[w] | b[w]);
  }
  return either == 0 ? 0.0 : static_cast<double>(both) / either;
}

KernelRidge fit_kernel_ridge(const std::vector<Fingerprint>& x, const std::vector<double>& y) {
  if (x.empty() || x.size() != y.size()) {
    throw Error("TrainError", "kernel ridge needs as many targets as fingerprints, and at least one; got " +
                                  std::to_string(x.size()) + " and " + std::to_string(y.size()));
  }
  const auto n = static_cast<Eigen::Index>(x.size());
  KernelRidge model;
  model.fingerprints.reserve(x.size() * fingerprint_words);
  for (const Fingerprint& f : x) model.fingerprints.insert(model.fingerprints.end(), f.begin(), f.end());

  Eigen::MatrixXd kernel(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) {
      kernel(i, j) = kernel(j, i) = tanimoto(x[i].data(), x[j].data());
    }
  }
  const Eigen::VectorXd targets = Eigen::Map<const Eigen::VectorXd>(y.data(), n);
  model.mean = targets.mean();
  const Eigen::VectorXd centred = targets.array() - model.mean;

  // Leave-one-out residuals of a kernel ridge in closed form: weight_i / H_ii
  // with H = (K + lambda I)^-1; the ridge with the smallest sum of squares wins.
  double best_error = std::numeric_limits<double>::infinity();
  for (const double lambda : {1e-3, 1e-2, 1e-1, 1.0}) {
    const Eigen::MatrixXd inverse =
        (kernel + lambda * Eigen::MatrixXd::Identity(n, n)).ldlt().solve(Eigen::MatrixXd::Identity(n, n));
    const Eigen::VectorXd weights = inverse * centred;
    const double error = (weights.array() / inverse.diagonal().array()).square().sum();
    if (error < best_error) {
      best_error = error;
      model.regularization = lambda;
      model.weights.assign(weights.data(), weights.data() + n);
    }
  }
  return model;
}

double predict(const KernelRidge& model, const Fingerprint& x) {
  double value = model.mean;
  for (std::size_t i = 0; i < model.size(); ++i) {
    value += model.weights[i] * tanimoto(x.data(), model.fingerprints.data() + i * fingerprint_words);
  }
  return value;
}

}  // namespace taps::moldesign
