#include "spd_matrix.hpp"

#include <random>

namespace taps::cholesky {

namespace {

// From the generator's raw 64 bits, not std::uniform_real_distribution,
// whose algorithm differs between standard libraries: the same seed must
// give the same matrix wherever it is built.
double uniform_symmetric(std::mt19937_64& random) {
  constexpr double two_to_minus_53 = 1.0 / 9007199254740992.0;
  return static_cast<double>(random() >> 11) * two_to_minus_53 * 2.0 - 1.0;
}

}  // namespace

Eigen::MatrixXd make_spd_matrix(Eigen::Index n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  Eigen::MatrixXd b(n, n);
  for (Eigen::Index k = 0; k < b.size(); ++k) b.data()[k] = uniform_symmetric(random);

  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  // A symmetric rank-n update computes only the lower triangle: half of a
  // general product's work.
  a.selfadjointView<Eigen::Lower>().rankUpdate(b);
  a.diagonal().array() += static_cast<double>(n);
  for (Eigen::Index j = 1; j < n; ++j) a.col(j).head(j) = a.row(j).head(j).transpose();
  return a;
}

}  // namespace taps::cholesky
