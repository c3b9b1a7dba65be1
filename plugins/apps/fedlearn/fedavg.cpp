#include "fedavg.hpp"

#include <taps/error.hpp>

#include <string>

namespace taps::fedlearn {

Weights federated_average(const std::vector<ClientUpdate>& updates) {
  if (updates.empty()) throw Error("AppError", "no client update to average");
  double total = 0;
  for (const auto& u : updates) total += static_cast<double>(u.samples);
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(updates.front().weights.size());
  for (const auto& u : updates) {
    if (u.weights.size() != sum.size()) {
      throw Error("AppError", "client updates of " + std::to_string(u.weights.size()) + " and " +
                                  std::to_string(sum.size()) + " weights cannot be averaged");
    }
    const double share = total > 0 ? static_cast<double>(u.samples) / total : 1.0 / static_cast<double>(updates.size());
    sum += share * u.weights.cast<double>();
  }
  return sum.cast<float>();
}

}  // namespace taps::fedlearn
