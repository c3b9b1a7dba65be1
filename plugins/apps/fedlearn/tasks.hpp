// tasks.hpp — the fedlearn app's task functions: a client's local training
// from the global weights, its no-op stand-in (train = false), and the test
// of the global model. Weights and data arrive as values (raw bytes), so a
// worker anywhere trains exactly as a thread of the client would.
#pragma once

#include "mlp.hpp"

#include <taps/codec.hpp>
#include <taps/eigen.hpp>
#include <taps/task.hpp>

#include <cstdint>

namespace taps::fedlearn {

/// What a client sends back after its local training.
struct ClientUpdate {
  Weights weights;
  std::uint64_t samples = 0;  // the size of its shard: its weight in FedAvg
  std::uint64_t steps = 0;    // optimiser steps taken
  double train_loss = 0;      // mean training loss of its last epoch
};

/// Trains the received global `weights` on the client's shard (`pixels`:
/// shape.inputs bytes per sample; `labels`: one byte each). Throws a
/// DataError when pixels and labels disagree.
ClientUpdate local_train(ModelShape shape, Weights weights, BytesView pixels, BytesView labels,
                         TrainSettings settings);

/// The reference's no_local_train: returns the weights it received
/// untouched, so a run measures only the executor's moving of weights.
ClientUpdate no_local_train(Weights weights);

/// Loss and accuracy of the global model on the test samples.
Evaluation test_model(ModelShape shape, Eigen::Map<const Weights> weights, BytesView pixels, BytesView labels);

}  // namespace taps::fedlearn

template <>
struct taps::Codec<taps::fedlearn::ModelShape> {
  static constexpr const char* type = "fedlearn.model_shape";
  static void encode(Writer& w, const taps::fedlearn::ModelShape& s) {
    w.put(s.inputs);
    w.put(s.hidden);
    w.put(s.classes);
  }
  static taps::fedlearn::ModelShape decode(Reader& r) {
    taps::fedlearn::ModelShape s;
    s.inputs = r.get<std::uint64_t>();
    s.hidden = r.get<std::uint64_t>();
    s.classes = r.get<std::uint64_t>();
    return s;
  }
};

template <>
struct taps::Codec<taps::fedlearn::TrainSettings> {
  static constexpr const char* type = "fedlearn.train_settings";
  static void encode(Writer& w, const taps::fedlearn::TrainSettings& s) {
    w.put(s.epochs);
    w.put(s.batch_size);
    w.put(s.lr);
    w.put(s.seed);
  }
  static taps::fedlearn::TrainSettings decode(Reader& r) {
    taps::fedlearn::TrainSettings s;
    s.epochs = r.get<std::uint64_t>();
    s.batch_size = r.get<std::uint64_t>();
    s.lr = r.get<double>();
    s.seed = r.get<std::uint64_t>();
    return s;
  }
};

template <>
struct taps::Codec<taps::fedlearn::ClientUpdate> {
  static constexpr const char* type = "fedlearn.client_update";
  static void encode(Writer& w, const taps::fedlearn::ClientUpdate& u) {
    w.put(u.weights);
    w.put(u.samples);
    w.put(u.steps);
    w.put(u.train_loss);
  }
  static taps::fedlearn::ClientUpdate decode(Reader& r) {
    taps::fedlearn::ClientUpdate u;
    u.weights = r.get<taps::fedlearn::Weights>();
    u.samples = r.get<std::uint64_t>();
    u.steps = r.get<std::uint64_t>();
    u.train_loss = r.get<double>();
    return u;
  }
};

template <>
struct taps::Codec<taps::fedlearn::Evaluation> {
  static constexpr const char* type = "fedlearn.evaluation";
  static void encode(Writer& w, const taps::fedlearn::Evaluation& e) {
    w.put(e.loss);
    w.put(e.accuracy);
    w.put(e.samples);
  }
  static taps::fedlearn::Evaluation decode(Reader& r) {
    taps::fedlearn::Evaluation e;
    e.loss = r.get<double>();
    e.accuracy = r.get<double>();
    e.samples = r.get<std::uint64_t>();
    return e;
  }
};
