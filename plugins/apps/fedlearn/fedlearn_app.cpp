#include "fedlearn_app.hpp"

#include "fedavg.hpp"
#include "learning_check.hpp"
#include "partition.hpp"
#include "round_record.hpp"
#include "seeds.hpp"

#include <chrono>
#include <cstdio>
#include <numeric>
#include <string>

namespace taps::fedlearn {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

const char* name_of(DatasetName name) {
  switch (name) {
    case DatasetName::fmnist:
      return "fmnist";
    case DatasetName::mnist:
      return "mnist";
    case DatasetName::cifar10:
      return "cifar10";
    case DatasetName::cifar100:
      return "cifar100";
  }
  return "?";
}

Samples samples_of(const Dataset& d) { return {d.pixels.data(), d.labels.data(), d.size()}; }

}  // namespace

FedlearnApp::FedlearnApp(Host host, const Config& config)
    : host_(host), dataset_(dataset_from_string(config.get_string("dataset"))),
      clients_(static_cast<std::size_t>(config.get_int("clients"))),
      rounds_(static_cast<std::uint64_t>(config.get_int("rounds"))),
      participation_(config.get_double("participation")),
      epochs_(static_cast<std::uint64_t>(config.get_int("epochs"))), lr_(config.get_double("lr")),
      batch_size_(static_cast<std::uint64_t>(config.get_int("batch_size"))), alpha_(config.get_double("alpha")),
      train_(config.get_bool("train")), test_(config.get_bool("test")),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))), min_accuracy_(config.get_double("min_accuracy")),
      centralised_(config.get_bool("centralised")) {
  if (participation_ <= 0) {
    throw Error("ConfigError", "participation must be above 0 (it is the fraction of clients per round)",
                TAPS_INVALID_ARGUMENT);
  }
  const fs::path dir = config.get_string("data_dir");
  const auto max_samples = static_cast<std::uint64_t>(config.get_int("max_samples"));
  // The first samples of each split: both come shuffled.
  if (train_ || centralised_) train_data_ = load_dataset(dataset_, dir, true, max_samples);
  if (test_) test_data_ = load_dataset(dataset_, dir, false, max_samples);
  // The model's sizes follow the data; with neither split read (train and
  // test false) the reference's (F)MNIST model still moves between tasks.
  if (const Dataset* any = train_data_ ? &*train_data_ : test_data_ ? &*test_data_ : nullptr) {
    shape_ = ModelShape{any->features, 128, any->classes};
  }
  if (train_data_ && train_data_->size() < clients_) {
    throw Error("ConfigError", std::to_string(clients_) + " clients cannot share " +
                                   std::to_string(train_data_->size()) + " training samples",
                TAPS_INVALID_ARGUMENT);
  }
}

void FedlearnApp::run(Engine& engine, const fs::path& run_dir) {
  RunSummary summary{name_of(dataset_),
                     clients_,
                     epochs_,
                     batch_size_,
                     lr_,
                     alpha_,
                     participation_,
                     seed_,
                     train_data_ ? train_data_->size() : 0,
                     test_data_ ? test_data_->size() : 0,
                     {},
                     std::nullopt};

  std::vector<Dataset> shards(clients_);
  if (train_) {
    const auto parts = partition_samples(train_data_->size(), clients_, alpha_, derive_seed(seed_, Purpose::partition));
    std::string sizes;
    for (std::size_t c = 0; c < clients_; ++c) {
      shards[c] = train_data_->subset(parts[c]);
      sizes += (c ? ", " : "") + std::to_string(parts[c].size());
    }
    host_.info("Dealt " + std::to_string(train_data_->size()) + " " + name_of(dataset_) + " training samples to " +
               std::to_string(clients_) + " clients (alpha " + format("%g", alpha_) + "): " + sizes);
  }

  const Weights initial = initial_weights(shape_, derive_seed(seed_, Purpose::initial_weights));
  Weights global = initial;
  host_.info("Model " + std::to_string(shape_.inputs) + "-" + std::to_string(shape_.hidden) + "-" +
             std::to_string(shape_.classes) + " MLP, " + std::to_string(shape_.parameters()) + " parameters");

  for (std::uint64_t round = 1; round <= rounds_; ++round) {
    const std::string preface = "(" + std::to_string(round) + "/" + std::to_string(rounds_) + ") ";
    const auto start = Clock::now();
    RoundRecord record;
    record.round = round;
    record.clients = select_clients(clients_, participation_, derive_seed(seed_, Purpose::selection, round));

    std::vector<TaskFuture<ClientUpdate>> futures;
    std::uint64_t expected_total = 0;
    for (std::size_t c : record.clients) {
      if (train_) {
        const TrainSettings settings{epochs_, batch_size_, lr_, derive_seed(seed_, Purpose::local_training, round, c)};
        futures.push_back(engine.submit(local_train, shape_, global, shards[c].pixels, shards[c].labels, settings));
        expected_total += expected_steps(shards[c].size(), epochs_, batch_size_);
      } else {
        futures.push_back(engine.submit(no_local_train, global));
      }
    }
    host_.info(preface + "Submitted local training of " + std::to_string(futures.size()) + " clients");

    // Results in selection order, whatever order they finish in: the
    // average is then the same bit for bit on every executor.
    std::vector<ClientUpdate> updates;
    for (auto& f : futures) updates.push_back(f.result());
    double loss_sum = 0;
    for (std::size_t i = 0; i < updates.size(); ++i) {
      record.samples += updates[i].samples;
      record.steps += updates[i].steps;
      loss_sum += updates[i].train_loss * static_cast<double>(updates[i].samples);
    }
    record.train_loss = record.samples ? loss_sum / static_cast<double>(record.samples) : 0.0;
    if (train_) check_steps(round, record.steps, expected_total);
    global = federated_average(updates);
    record.seconds = seconds_since(start);
    host_.info(preface + "Averaged " + std::to_string(updates.size()) + " client models (" +
               std::to_string(record.samples) + " samples, " + std::to_string(record.steps) +
               " SGD steps, train loss " + format("%.4f", record.train_loss) + ") in " +
               format("%.3f", record.seconds) + " s");

    if (test_) {
      const Evaluation e = engine.submit(test_model, shape_, Eigen::Map<const Weights>(global.data(), global.size()), test_data_->pixels, test_data_->labels).result();
      record.test_loss = e.loss;
      record.test_accuracy = e.accuracy;
      host_.info(preface + "Global model on " + std::to_string(e.samples) + " test samples: accuracy " +
                 format("%.4f", e.accuracy) + ", loss " + format("%.4f", e.loss));
    }
    summary.rounds.push_back(std::move(record));
  }

  if (centralised_) {
    // The same model from the same initial weights on all the samples at
    // once, on the client, for as many epochs as a client trained in all.
    Weights weights = initial;
    const auto start = Clock::now();
    const TrainOutcome outcome = train_sgd(shape_, weights, samples_of(*train_data_),
                                           {rounds_ * epochs_, batch_size_, lr_,
                                            derive_seed(seed_, Purpose::local_training, 0, clients_)});
    Baseline b;
    b.epochs = rounds_ * epochs_;
    b.steps = outcome.steps;
    b.seconds = seconds_since(start);
    if (test_) {
      const Evaluation e = evaluate(shape_, weights, samples_of(*test_data_));
      b.test_loss = e.loss;
      b.test_accuracy = e.accuracy;
    }
    host_.info("Centralised baseline: " + std::to_string(b.epochs) + " epochs over " +
               std::to_string(train_data_->size()) + " samples in " + format("%.3f", b.seconds) + " s, accuracy " +
               format("%.4f", b.test_accuracy));
    summary.centralised = b;
  }

  write_summary(summary, run_dir / "fedlearn.json");
  if (!test_) {
    host_.warning("test = false: no accuracy, so nothing shows whether the model learned");
  } else if (!train_) {
    host_.warning("train = false: the model was not trained, so its accuracy is not checked");
  } else {
    host_.info("Verified: " + check_learning(summary.rounds, min_accuracy_));
  }
}

}  // namespace taps::fedlearn
