// fedavg.hpp — Federated Averaging's aggregation: the clients' weights
// averaged with their sample counts as weights (McMahan et al., 2017).
#pragma once

#include "tasks.hpp"

#include <vector>

namespace taps::fedlearn {

/// Σ nₖ·wₖ / Σ nₖ over the updates, in their order (so the float sums, and
/// the result, are the same bit for bit whatever order the tasks finished
/// in). Updates with no samples count equally when no update has any
/// (train = false). Throws an AppError for no updates or unequal sizes.
Weights federated_average(const std::vector<ClientUpdate>& updates);

}  // namespace taps::fedlearn
