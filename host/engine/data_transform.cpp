#include "engine/data_transform.hpp"

#include <taps/error.hpp>

#include <mutex>

namespace taps::host {

Buffer DataTransform::transform(const taps_payload_view& object) const {
  std::shared_lock lock(gate_->mutex);
  if (gate_->closed) {
    throw Error("TransformError", "the run's transformer is shut down (the run is ending); nothing can be stored");
  }
  taps_buffer out{};
  detail::ErrorCapture error;
  auto sink = error.sink();
  taps_status status = transformer_->transform(transformer_self_, &object, &out, &sink);
  if (status != TAPS_OK) {
    throw Error(error.type.empty() ? "TransformError" : error.type,
                "transforming a '" + std::string(object.type ? object.type : "") + "' payload failed: " +
                    (error.set ? error.message : "status " + std::to_string(status)));
  }
  return Buffer(out);
}

Buffer DataTransform::resolve(const taps_payload_view& identifier) const {
  if (transformer_ == nullptr) {
    throw Error("TransformError", "a payload identifier arrived but this run has no transformer to resolve it");
  }
  std::shared_lock lock(gate_->mutex);
  if (gate_->closed) {
    throw Error("ResolveError", "the run's transformer is shut down; the payload can no longer be fetched");
  }
  taps_buffer out{};
  detail::ErrorCapture error;
  auto sink = error.sink();
  taps_status status = transformer_->resolve(transformer_self_, &identifier, &out, &sink);
  if (status != TAPS_OK) {
    throw Error(error.type.empty() ? "ResolveError" : error.type,
                "resolving a payload identifier failed: " +
                    (error.set ? error.message : "status " + std::to_string(status)));
  }
  return Buffer(out);
}

void DataTransform::drop(const taps_payload_view& identifier) const noexcept {
  if (transformer_ == nullptr || !TAPS_HAS_FIELD(transformer_, taps_transformer_methods, drop) ||
      transformer_->drop == nullptr) {
    return;
  }
  std::shared_lock lock(gate_->mutex);
  if (!gate_->closed) transformer_->drop(transformer_self_, &identifier);
}

void DataTransform::close() noexcept {
  std::unique_lock lock(gate_->mutex);
  gate_->closed = true;
}

}  // namespace taps::host
