// partition.hpp — how the training samples are dealt to the clients, and
// which clients take part in a round.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace taps::fedlearn {

/// The sample indices of each of `clients` clients, disjoint and together
/// all of [0, samples). With alpha = 0 the split is IID and even: a seeded
/// permutation cut into equal parts. With alpha > 0 it is the reference's:
/// each client's share is drawn from a symmetric Dirichlet(alpha) (large
/// alpha: near-equal shares; small: very unequal, some clients may get no
/// sample), and each sample goes to a client drawn with those shares.
std::vector<std::vector<std::uint32_t>> partition_samples(std::size_t samples, std::size_t clients, double alpha,
                                                          std::uint64_t seed);

/// max(1, floor(clients x participation)) distinct clients, drawn from
/// `seed`, in increasing order (the order their updates are averaged in).
std::vector<std::size_t> select_clients(std::size_t clients, double participation, std::uint64_t seed);

}  // namespace taps::fedlearn
