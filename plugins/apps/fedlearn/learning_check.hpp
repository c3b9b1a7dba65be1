// learning_check.hpp — the app's verdict on its own run: the model must have
// learned, and every client must have trained as many steps as asked.
#pragma once

#include "round_record.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace taps::fedlearn {

/// Throws a VerificationError unless the tasks reported `steps` equals
/// `expected` (epochs x ceil(shard / batch_size), summed over the clients).
void check_steps(std::uint64_t round, std::uint64_t steps, std::uint64_t expected);

/// Throws a VerificationError unless the test accuracy of the last round is
/// above the first's (with two rounds or more) and reaches `min_accuracy`.
/// Returns what was checked, for the log.
std::string check_learning(const std::vector<RoundRecord>& rounds, double min_accuracy);

}  // namespace taps::fedlearn
