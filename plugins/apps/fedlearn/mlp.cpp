#include "mlp.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace taps::fedlearn {

namespace {

using Matrix = Eigen::MatrixXf;
using Vector = Eigen::VectorXf;

/// The layers' parameters as views into the flat vector (read-only when
/// Scalar is const).
template <class Scalar>
struct Layers {
  using M = Eigen::Map<std::conditional_t<std::is_const_v<Scalar>, const Matrix, Matrix>>;
  using V = Eigen::Map<std::conditional_t<std::is_const_v<Scalar>, const Vector, Vector>>;
  M w1, w2;
  V b1, b2;

  Layers(const ModelShape& s, Scalar* p)
      : w1(p, s.hidden, s.inputs), w2(p + s.hidden * s.inputs + s.hidden, s.classes, s.hidden),
        b1(p + s.hidden * s.inputs, s.hidden),
        b2(p + s.hidden * s.inputs + s.hidden + s.classes * s.hidden, s.classes) {}
};

void check_size(const ModelShape& shape, Eigen::Index size) {
  if (static_cast<std::size_t>(size) != shape.parameters()) {
    throw std::invalid_argument("the model " + std::to_string(shape.inputs) + "-" + std::to_string(shape.hidden) +
                                "-" + std::to_string(shape.classes) + " has " + std::to_string(shape.parameters()) +
                                " parameters, the weights given have " + std::to_string(size));
  }
}

/// A float uniform in [0, 1) from the top 24 bits: the same on every platform.
float unit(std::mt19937_64& rng) { return static_cast<float>(rng() >> 40) * (1.0f / 16777216.0f); }

/// Scaled pixels of the samples at `order[first, first + n)` as columns.
void gather(const ModelShape& shape, const Samples& samples, const std::uint32_t* order, Eigen::Index n, Matrix& x) {
  x.resize(static_cast<Eigen::Index>(shape.inputs), n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const std::uint8_t* p = samples.pixels + std::size_t{order[j]} * shape.inputs;
    for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = static_cast<float>(p[i]) * (1.0f / 255.0f);
  }
}

/// Softmax probabilities in place of the logits; returns the summed
/// cross-entropy against the labels of the columns.
double softmax_cross_entropy(Matrix& logits, const Samples& samples, const std::uint32_t* order) {
  double loss = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    auto z = logits.col(j);
    const float top = z.maxCoeff();
    z.array() = (z.array() - top).exp();
    const float sum = z.sum();
    z /= sum;
    const std::uint8_t label = samples.labels[order[j]];
    loss += -std::log(std::max(static_cast<double>(z(label)), 1e-30));
  }
  return loss;
}

void check_labels(const ModelShape& shape, const Samples& samples) {
  for (std::size_t i = 0; i < samples.count; ++i) {
    if (samples.labels[i] >= shape.classes) {
      throw std::invalid_argument("label " + std::to_string(samples.labels[i]) + " of sample " + std::to_string(i) +
                                  " is not below the model's " + std::to_string(shape.classes) + " classes");
    }
  }
}

}  // namespace

Weights initial_weights(const ModelShape& shape, std::uint64_t seed) {
  Weights weights(static_cast<Eigen::Index>(shape.parameters()));
  Layers<float> layers(shape, weights.data());
  std::mt19937_64 rng(seed);
  auto fill = [&](auto&& block, std::uint64_t fan_in) {
    const float bound = 1.0f / std::sqrt(static_cast<float>(fan_in));
    for (Eigen::Index i = 0; i < block.size(); ++i) block.data()[i] = (2.0f * unit(rng) - 1.0f) * bound;
  };
  fill(layers.w1, shape.inputs);
  fill(layers.b1, shape.inputs);
  fill(layers.w2, shape.hidden);
  fill(layers.b2, shape.hidden);
  return weights;
}

TrainOutcome train_sgd(const ModelShape& shape, Weights& weights, const Samples& samples,
                       const TrainSettings& settings) {
  check_size(shape, weights.size());
  check_labels(shape, samples);
  if (settings.batch_size == 0) throw std::invalid_argument("batch_size must be at least 1");
  Layers<float> p(shape, weights.data());
  const float lr = static_cast<float>(settings.lr);

  std::vector<std::uint32_t> order(samples.count);
  std::iota(order.begin(), order.end(), 0u);
  std::mt19937_64 rng(settings.seed);
  Matrix x, z1, h, z2, dz2, dh;
  TrainOutcome outcome;
  for (std::uint64_t epoch = 0; epoch < settings.epochs; ++epoch) {
    // Fisher-Yates with a plain modulo: unlike std::shuffle, the same
    // permutation with every standard library.
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    double epoch_loss = 0;
    for (std::size_t first = 0; first < order.size(); first += settings.batch_size) {
      const auto n = static_cast<Eigen::Index>(std::min<std::size_t>(settings.batch_size, order.size() - first));
      const std::uint32_t* batch = order.data() + first;
      gather(shape, samples, batch, n, x);
      z1.noalias() = p.w1 * x;
      z1.colwise() += p.b1;
      h = z1.cwiseMax(0.0f);
      z2.noalias() = p.w2 * h;
      z2.colwise() += p.b2;
      epoch_loss += softmax_cross_entropy(z2, samples, batch);

      // z2 now holds the probabilities: d(mean loss)/d(logits) = (p - onehot) / n.
      dz2 = z2;
      for (Eigen::Index j = 0; j < n; ++j) dz2(samples.labels[batch[j]], j) -= 1.0f;
      dz2 *= 1.0f / static_cast<float>(n);
      dh.noalias() = p.w2.transpose() * dz2;
      dh.array() *= (z1.array() > 0.0f).cast<float>();

      p.w2.noalias() -= lr * (dz2 * h.transpose());
      p.b2 -= lr * dz2.rowwise().sum();
      p.w1.noalias() -= lr * (dh * x.transpose());
      p.b1 -= lr * dh.rowwise().sum();
      ++outcome.steps;
    }
    outcome.last_epoch_loss = samples.count ? epoch_loss / static_cast<double>(samples.count) : 0.0;
  }
  return outcome;
}

Evaluation evaluate(const ModelShape& shape, const Eigen::Ref<const Weights>& weights, const Samples& samples) {
  check_size(shape, weights.size());
  check_labels(shape, samples);
  Layers<const float> p(shape, weights.data());
  constexpr std::size_t chunk = 1000;
  std::vector<std::uint32_t> order(chunk);
  Matrix x, h, z;
  double loss = 0;
  std::uint64_t correct = 0;
  for (std::size_t first = 0; first < samples.count; first += chunk) {
    const auto n = static_cast<Eigen::Index>(std::min(chunk, samples.count - first));
    std::iota(order.begin(), order.begin() + n, static_cast<std::uint32_t>(first));
    gather(shape, samples, order.data(), n, x);
    h.noalias() = p.w1 * x;
    h.colwise() += p.b1;
    h = h.cwiseMax(0.0f);
    z.noalias() = p.w2 * h;
    z.colwise() += p.b2;
    for (Eigen::Index j = 0; j < n; ++j) {
      Eigen::Index best = 0;
      z.col(j).maxCoeff(&best);
      correct += static_cast<std::uint64_t>(best) == samples.labels[order[j]] ? 1 : 0;
    }
    loss += softmax_cross_entropy(z, samples, order.data());
  }
  Evaluation e;
  e.samples = samples.count;
  if (samples.count) {
    e.loss = loss / static_cast<double>(samples.count);
    e.accuracy = static_cast<double>(correct) / static_cast<double>(samples.count);
  }
  return e;
}

}  // namespace taps::fedlearn
