// The MLP and its SGD: the step count that `epochs` drives, determinism,
// the gradient against finite differences, and that it learns real data.
#include "apps/fedlearn/dataset.hpp"
#include "apps/fedlearn/mlp.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <stdexcept>

namespace taps::fedlearn {
namespace {

const ModelShape tiny{4, 3, 2};

/// 8 samples of 4 pixels: class 1 is bright on the left, class 0 on the right.
struct TinyData {
  Bytes pixels{250, 240, 5, 10, 0, 20, 230, 255, 200, 220, 30, 0, 10, 5, 210, 240,
               255, 210, 0, 5, 15, 0, 250, 230, 225, 235, 10, 20, 5, 25, 245, 215};
  Bytes labels{1, 0, 1, 0, 1, 0, 1, 0};
  Samples samples() const { return {pixels.data(), labels.data(), labels.size()}; }
};

TEST(Mlp, TakesOneStepPerBatchPerEpoch) {
  TinyData data;
  for (std::uint64_t epochs : {1, 3}) {
    for (std::uint64_t batch : {1, 3, 8, 20}) {
      Weights w = initial_weights(tiny, 1);
      const TrainOutcome out = train_sgd(tiny, w, data.samples(), {epochs, batch, 0.1, 7});
      EXPECT_EQ(out.steps, expected_steps(8, epochs, batch)) << epochs << " epochs, batch " << batch;
    }
  }
  EXPECT_EQ(expected_steps(8, 3, 3), 9u);
}

TEST(Mlp, SameSeedGivesBitwiseEqualWeights) {
  TinyData data;
  Weights a = initial_weights(tiny, 5);
  Weights b = initial_weights(tiny, 5);
  train_sgd(tiny, a, data.samples(), {2, 3, 0.1, 11});
  train_sgd(tiny, b, data.samples(), {2, 3, 0.1, 11});
  EXPECT_EQ(std::memcmp(a.data(), b.data(), sizeof(float) * a.size()), 0);
  Weights c = initial_weights(tiny, 5);
  train_sgd(tiny, c, data.samples(), {2, 3, 0.1, 12});
  EXPECT_NE(a, c) << "the shuffling seed changes nothing";
}

TEST(Mlp, StepFollowsTheFiniteDifferenceGradient) {
  // One full-batch step with a small rate: w' - w = -lr * dL/dw, and dL/dw
  // is checked against central differences of evaluate()'s loss.
  TinyData data;
  const Weights w = initial_weights(tiny, 4);
  {
    // Differences across ReLU's kink would not be the gradient: the seed
    // leaves every hidden pre-activation well away from zero.
    const Eigen::Map<const Eigen::MatrixXf> w1(w.data(), 3, 4);
    const Eigen::Map<const Eigen::VectorXf> b1(w.data() + 12, 3);
    for (std::size_t s = 0; s < 8; ++s) {
      Eigen::VectorXf x(4);
      for (int i = 0; i < 4; ++i) x(i) = data.pixels[s * 4 + i] / 255.0f;
      ASSERT_GT((w1 * x + b1).cwiseAbs().minCoeff(), 0.02f) << "sample " << s;
    }
  }
  Weights stepped = w;
  const double lr = 1e-2;
  train_sgd(tiny, stepped, data.samples(), {1, 8, lr, 0});
  const Eigen::VectorXd gradient = ((w - stepped).cast<double>()) / lr;
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    Weights plus = w, minus = w;
    const float h = 1e-3f;
    plus(i) += h;
    minus(i) -= h;
    const double numeric =
        (evaluate(tiny, plus, data.samples()).loss - evaluate(tiny, minus, data.samples()).loss) / (2 * h);
    EXPECT_NEAR(gradient(i), numeric, 2e-3 + 2e-2 * std::abs(numeric)) << "parameter " << i;
  }
}

TEST(Mlp, RefusesWeightsOfAnotherShapeAndLabelsOutOfRange) {
  TinyData data;
  Weights w = Weights::Zero(5);
  EXPECT_THROW(train_sgd(tiny, w, data.samples(), {}), std::invalid_argument);
  data.labels[0] = 2;
  Weights ok = initial_weights(tiny, 1);
  EXPECT_THROW(evaluate(tiny, ok, data.samples()), std::invalid_argument);
}

TEST(Mlp, LearnsFashionMnist) {
  const std::filesystem::path dir = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  const Dataset train = load_dataset(DatasetName::fmnist, dir, true);
  const Dataset test = load_dataset(DatasetName::fmnist, dir, false);
  std::vector<std::uint32_t> first(5000);
  std::iota(first.begin(), first.end(), 0u);
  const Dataset part = train.subset(first);
  const ModelShape shape;
  Weights w = initial_weights(shape, 0);
  const Samples test_samples{test.pixels.data(), test.labels.data(), test.size()};
  const Evaluation before = evaluate(shape, w, test_samples);
  train_sgd(shape, w, {part.pixels.data(), part.labels.data(), part.size()}, {2, 32, 0.1, 1});
  const Evaluation after = evaluate(shape, w, test_samples);
  EXPECT_LT(before.accuracy, 0.2);
  EXPECT_GT(after.accuracy, 0.7);
  EXPECT_LT(after.loss, before.loss);
}

}  // namespace
}  // namespace taps::fedlearn
