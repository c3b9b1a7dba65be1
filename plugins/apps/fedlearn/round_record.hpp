// round_record.hpp — what each round leaves: in the log as it ends, in
// fedlearn.json after the last one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace taps::fedlearn {

struct RoundRecord {
  std::uint64_t round = 0;              // 1-based
  std::vector<std::size_t> clients;     // the selected clients
  std::uint64_t samples = 0;            // their samples together
  std::uint64_t steps = 0;              // their optimiser steps together
  double train_loss = 0;                // sample-weighted mean of their last-epoch losses
  std::optional<double> test_loss;      // with test = true
  std::optional<double> test_accuracy;  // with test = true
  double seconds = 0;                   // training and aggregation, without the test
};

/// A centralised training of the same model on all the training samples.
struct Baseline {
  std::uint64_t epochs = 0;
  std::uint64_t steps = 0;
  double seconds = 0;
  double test_loss = 0;
  double test_accuracy = 0;
};

struct RunSummary {
  std::string dataset;
  std::uint64_t clients = 0;
  std::uint64_t epochs = 0;
  std::uint64_t batch_size = 0;
  double lr = 0;
  double alpha = 0;
  double participation = 0;
  std::uint64_t seed = 0;
  std::uint64_t train_samples = 0;
  std::uint64_t test_samples = 0;
  std::vector<RoundRecord> rounds;
  std::optional<Baseline> centralised;
};

/// Writes fedlearn.json; throws an AppError when it cannot.
void write_summary(const RunSummary& summary, const std::filesystem::path& path);

}  // namespace taps::fedlearn
