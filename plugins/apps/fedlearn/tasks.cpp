#include "tasks.hpp"

#include <taps/error.hpp>

#include <stdexcept>
#include <string>

namespace taps::fedlearn {

namespace {

Samples samples_of(const ModelShape& shape, BytesView pixels, BytesView labels) {
  if (pixels.size != labels.size * shape.inputs) {
    throw Error("DataError", std::to_string(pixels.size) + " pixel bytes are not " + std::to_string(labels.size) +
                                 " samples of " + std::to_string(shape.inputs));
  }
  return {pixels.data, labels.data, labels.size};
}

/// The model's own complaints (a wrong weight count, a label out of range)
/// as errors the task records name.
template <class F>
auto model_call(F&& f) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    throw Error("DataError", e.what());
  }
}

}  // namespace

ClientUpdate local_train(ModelShape shape, Weights weights, BytesView pixels, BytesView labels,
                         TrainSettings settings) {
  const Samples samples = samples_of(shape, pixels, labels);
  const TrainOutcome outcome = model_call([&] { return train_sgd(shape, weights, samples, settings); });
  return {std::move(weights), samples.count, outcome.steps, outcome.last_epoch_loss};
}

ClientUpdate no_local_train(Weights weights) { return {std::move(weights), 0, 0, 0.0}; }

Evaluation test_model(ModelShape shape, Eigen::Map<const Weights> weights, BytesView pixels, BytesView labels) {
  const Samples samples = samples_of(shape, pixels, labels);
  return model_call([&] { return evaluate(shape, weights, samples); });
}

}  // namespace taps::fedlearn
