#include "learning_check.hpp"

#include <taps/error.hpp>

#include <cstdio>

namespace taps::fedlearn {

namespace {

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100 * fraction);
  return text;
}

}  // namespace

void check_steps(std::uint64_t round, std::uint64_t steps, std::uint64_t expected) {
  if (steps != expected) {
    throw Error("VerificationError", "round " + std::to_string(round) + ": the clients took " +
                                         std::to_string(steps) + " optimiser steps, their shards, epochs and "
                                         "batch size call for " + std::to_string(expected));
  }
}

std::string check_learning(const std::vector<RoundRecord>& rounds, double min_accuracy) {
  if (rounds.empty() || !rounds.back().test_accuracy) throw Error("VerificationError", "no test accuracy to check");
  const double first = *rounds.front().test_accuracy;
  const double last = *rounds.back().test_accuracy;
  std::string checked;
  if (rounds.size() >= 2) {
    if (!(last > first)) {
      throw Error("VerificationError", "the model did not learn: test accuracy " + percent(last) + " after round " +
                                           std::to_string(rounds.back().round) + " is not above " + percent(first) +
                                           " after round 1");
    }
    checked = "test accuracy rose from " + percent(first) + " after round 1 to " + percent(last) + " after round " +
              std::to_string(rounds.back().round);
  } else {
    checked = "test accuracy " + percent(last) + " after the only round (one round: no rise to check)";
  }
  if (last < min_accuracy) {
    throw Error("VerificationError", "test accuracy " + percent(last) + " after the last round is below min_accuracy " +
                                         percent(min_accuracy));
  }
  return checked + ", at least min_accuracy " + percent(min_accuracy);
}

}  // namespace taps::fedlearn
