// fedlearn_app.hpp — the reference's federated learning app: clients that
// each hold a shard of an image data set train the global model locally, one
// task per selected client per round, and the client (the app) averages
// their weights with FedAvg; a test task evaluates the global model after
// each round. The run fails unless the model learned.
#pragma once

#include "dataset.hpp"
#include "mlp.hpp"
#include "tasks.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace taps::fedlearn {

class FedlearnApp {
 public:
  static constexpr PluginInfo info{"fedlearn", "1.0.0",
                                   "Federated averaging of an MLP over clients holding shards of an image data set."};
  static constexpr taps_option_desc options[] = {
      option::choice("dataset", "fmnist|mnist|cifar10|cifar100",
                     "Data set (and so the model's input and output sizes).")
          .defaults("fmnist"),
      option::string("data_dir",
                     "Directory of the data set's files: IDX (.gz or plain) for fmnist/mnist, CIFAR binary batches "
                     "for cifar10/cifar100.")
          .defaults("/usr/share/datasets/fashion-mnist"),
      option::integer("clients", "Number of simulated clients.").defaults("8").min(1),
      option::integer("rounds", "Number of aggregation rounds.").defaults("5").min(1),
      option::real("participation", "Fraction of the clients that train in each round (at least one does).")
          .defaults("1.0")
          .min(0)
          .max(1),
      option::integer("epochs", "Local epochs each selected client trains per round.").defaults("1").min(1),
      option::real("lr", "SGD learning rate of the local training.").defaults("0.1").min(0),
      option::integer("batch_size", "Mini-batch size of the local training.").defaults("32").min(1),
      option::real("alpha",
                   "Dirichlet concentration of the clients' shares of the samples (large: near-equal, small: very "
                   "unequal); 0 splits the samples IID into equal shards.")
          .defaults("1e5")
          .min(0),
      option::boolean("train", "Train locally; false sends the weights back untouched (measures the executor).")
          .defaults("true"),
      option::boolean("test", "Evaluate the global model on the test split after each round.").defaults("true"),
      option::integer("seed", "Seed of the initial weights, the split, client selection and local shuffling.")
          .defaults("0"),
      option::integer("max_samples", "Use at most this many samples of each split (0: all of them).")
          .defaults("0")
          .min(0),
      option::real("min_accuracy",
                   "The run fails unless the last round's test accuracy reaches this fraction (0: no floor).")
          .defaults("0.8")
          .min(0)
          .max(1),
      option::boolean("centralised",
                      "Also train the same model on all the training samples on the client, for rounds x epochs "
                      "epochs, as a baseline of time and accuracy.")
          .defaults("false"),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(local_train), TAPS_TASK(no_local_train), TAPS_TASK(test_model)};

  /// Reads the data; throws a DataError naming a missing or corrupt file.
  FedlearnApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Host host_;
  DatasetName dataset_;
  std::size_t clients_;
  std::uint64_t rounds_;
  double participation_;
  std::uint64_t epochs_;
  double lr_;
  std::uint64_t batch_size_;
  double alpha_;
  bool train_;
  bool test_;
  std::uint64_t seed_;
  double min_accuracy_;
  bool centralised_;
  ModelShape shape_;
  std::optional<Dataset> train_data_;
  std::optional<Dataset> test_data_;
};

}  // namespace taps::fedlearn
