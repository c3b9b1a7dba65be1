#include "engine/data_transform.hpp"

#include <taps/error.hpp>

namespace taps::host {

Buffer DataTransform::transform(const taps_payload_view& object) const {
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
  transformer_->drop(transformer_self_, &identifier);
}

}  // namespace taps::host
