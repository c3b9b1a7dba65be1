// loaded_transformer.hpp — a transformer or filter plugin loaded from its
// built .so the way taps-host loads it, with a host that plays either the
// client of a run (it offers the engine, so the plugin owns the run's
// objects) or one of the run's workers.
#pragma once

#include "../fake_host.hpp"
#include "../plugin_library.hpp"

#include <taps/buffer.hpp>
#include <taps/codec.hpp>
#include <taps/taps.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace taps::data_testing {

using testing::CapturedError;
using testing::FakeHost;
using testing::Instance;
using testing::PluginLibrary;
using testing::config_with_defaults;

/// Libraries stay loaded for the whole test program, as in taps-host: a
/// buffer's release callback must stay callable.
inline const PluginLibrary& library(const std::string& path) {
  static std::map<std::string, std::unique_ptr<PluginLibrary>> loaded;
  auto& slot = loaded[path];
  if (!slot) slot = std::make_unique<PluginLibrary>(path);
  return *slot;
}

enum class Role { client, worker };

/// A host for one process of a run whose directory is `run_dir` (empty:
/// no run at all).
class RunHost {
 public:
  RunHost(Role role, std::string run_dir) : run_dir_(std::move(run_dir)) {
    if (!run_dir_.empty()) {
      info_ = taps_run_info{sizeof(taps_run_info), run_dir_.c_str(), "", "", ""};
      host_.provide(TAPS_INTERFACE_RUN, &info_);
    }
    // The plugin never calls the engine; that it is offered is what makes
    // this host the client.
    engine_api_.struct_size = sizeof(taps_engine_api);
    if (role == Role::client) host_.provide(TAPS_INTERFACE_ENGINE, &engine_api_);
  }
  RunHost(const RunHost&) = delete;
  RunHost& operator=(const RunHost&) = delete;

  const taps_host* get() const { return host_.get(); }
  std::vector<std::string> log_lines() const { return host_.log_lines(); }

 private:
  FakeHost host_;
  std::string run_dir_;
  taps_run_info info_{};
  taps_engine_api engine_api_{};
};

/// Thrown by the helpers below with the plugin's error type and message.
struct PluginError : std::runtime_error {
  PluginError(std::string type, const std::string& message) : std::runtime_error(message), type(std::move(type)) {}
  std::string type;
};

/// One transformer instance.
class LoadedTransformer {
 public:
  LoadedTransformer(const std::string& library_path, const std::string& name, Role role, const std::string& run_dir,
                    std::map<std::string, std::string> config = {})
      : host_(std::make_unique<RunHost>(role, run_dir)),
        descriptor_(library(library_path).plugin(TAPS_KIND_TRANSFORMER, name)),
        instance_(std::make_unique<Instance>(descriptor_, host_->get(),
                                             config_with_defaults(descriptor_, std::move(config)))) {}

  /// Whether create() succeeded, and why not.
  taps_status status() const { return instance_->status(); }
  const CapturedError& error() const { return instance_->error(); }
  const RunHost& host() const { return *host_; }

  Buffer transform(const Bytes& data, const char* type = "bytes") {
    const taps_payload_view view{sizeof(taps_payload_view), type, data.data(), data.size()};
    taps_buffer out{};
    CapturedError error;
    auto sink = error.sink();
    if (methods().transform(instance_->self(), &view, &out, &sink) != TAPS_OK) {
      throw PluginError(error.type, error.message);
    }
    return Buffer(out);
  }

  Buffer resolve(const taps_payload_view& identifier) {
    taps_buffer out{};
    CapturedError error;
    auto sink = error.sink();
    if (methods().resolve(instance_->self(), &identifier, &out, &sink) != TAPS_OK) {
      throw PluginError(error.type, error.message);
    }
    return Buffer(out);
  }
  Buffer resolve(const Buffer& identifier) { return resolve(identifier.view()); }

  void drop(const Buffer& identifier) {
    const taps_payload_view view = identifier.view();
    methods().drop(instance_->self(), &view);
  }

  /// Destroys the instance (the client's removes the run's objects).
  void destroy() { instance_->reset(); }

 private:
  const taps_transformer_methods& methods() const { return instance_->methods<taps_transformer_methods>(); }

  std::unique_ptr<RunHost> host_;
  const taps_plugin_descriptor& descriptor_;
  std::unique_ptr<Instance> instance_;
};

/// Waits up to `seconds` for `condition`: some drops take effect in the
/// background (the redis transformer batches them).
template <class Condition>
bool eventually(Condition condition, double seconds = 5) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

/// What resolving `identifier` fails with, as "Type: message", or "no error".
inline std::string resolve_error(LoadedTransformer& transformer, const taps_payload_view& identifier) {
  try {
    transformer.resolve(identifier);
  } catch (const PluginError& e) {
    return e.type + ": " + e.what();
  }
  return "no error";
}

/// True once resolving `identifier` says its object is gone.
inline bool is_gone(LoadedTransformer& transformer, const Buffer& identifier) {
  return resolve_error(transformer, identifier.view()).rfind("MissingObjectError: ", 0) == 0;
}

/// The bytes of a payload buffer.
inline Bytes bytes_of(const Buffer& buffer) { return Bytes(buffer.data(), buffer.data() + buffer.size()); }

/// `n` bytes that differ from position to position.
inline Bytes pattern(std::size_t n, std::uint8_t salt = 0) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 131 + salt);
  return b;
}

}  // namespace taps::data_testing
