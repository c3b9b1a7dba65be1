// mlp.hpp — the reference's model for (Fashion-)MNIST, a two-layer
// perceptron inputs-hidden-classes with ReLU, trained with plain SGD on the
// softmax cross-entropy, in float with Eigen.
//
// Its parameters are one flat vector, so that they travel as one contiguous
// payload: W1 (hidden x inputs, column-major), b1, W2 (classes x hidden), b2.
#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>

namespace taps::fedlearn {

struct ModelShape {
  std::uint64_t inputs = 784;
  std::uint64_t hidden = 128;
  std::uint64_t classes = 10;

  std::size_t parameters() const { return hidden * inputs + hidden + classes * hidden + classes; }
};

using Weights = Eigen::VectorXf;

/// Samples borrowed from bytes: `count` samples of `shape.inputs` pixel
/// bytes each (scaled to [0, 1] on the way in) and one label byte each.
struct Samples {
  const std::uint8_t* pixels = nullptr;
  const std::uint8_t* labels = nullptr;
  std::size_t count = 0;
};

/// PyTorch's default for a Linear layer: weights and biases uniform in
/// ±1/sqrt(fan_in), drawn from `seed`.
Weights initial_weights(const ModelShape& shape, std::uint64_t seed);

struct TrainSettings {
  std::uint64_t epochs = 1;
  std::uint64_t batch_size = 32;
  double lr = 0.1;
  std::uint64_t seed = 0;  // the order of the samples in each epoch
};

struct TrainOutcome {
  std::uint64_t steps = 0;    // optimiser steps taken: epochs x ceil(count / batch_size)
  double last_epoch_loss = 0;  // mean training loss of the last epoch
};

/// Trains `weights` in place: for each epoch, the samples in an order drawn
/// from settings.seed, one SGD step per mini-batch (the last one may be
/// short). Throws std::invalid_argument for a weights vector of the wrong
/// size or a label out of range.
TrainOutcome train_sgd(const ModelShape& shape, Weights& weights, const Samples& samples,
                       const TrainSettings& settings);

struct Evaluation {
  double loss = 0;      // mean cross-entropy
  double accuracy = 0;  // fraction of samples whose arg-max class is the label
  std::uint64_t samples = 0;
};

Evaluation evaluate(const ModelShape& shape, const Eigen::Ref<const Weights>& weights, const Samples& samples);

/// The number of optimiser steps train_sgd takes: what the app checks the
/// tasks' reported steps against.
constexpr std::uint64_t expected_steps(std::uint64_t samples, std::uint64_t epochs, std::uint64_t batch_size) {
  return epochs * ((samples + batch_size - 1) / batch_size);
}

}  // namespace taps::fedlearn
