// data_transform.hpp — the transformer and filter of a run, as the engine
// and workers apply them: which payloads go out of band, and how.
#pragma once

#include <taps/buffer.hpp>
#include <taps/taps.h>

#include <cstdint>
#include <memory>
#include <shared_mutex>

namespace taps::host {

class DataTransform {
 public:
  DataTransform() = default;
  /// `transformer` may be null (no data management); `filter` may be null,
  /// which with a transformer set means "transform everything", as in the
  /// reference.
  DataTransform(const taps_transformer_methods* transformer, void* transformer_self,
                const taps_filter_methods* filter, void* filter_self)
      : transformer_(transformer), transformer_self_(transformer_self), filter_(filter), filter_self_(filter_self) {}

  bool active() const { return transformer_ != nullptr; }

  /// True when a payload of this type and size should travel as an identifier.
  bool selects(const char* type, std::uint64_t size) const {
    if (transformer_ == nullptr) return false;
    if (filter_ == nullptr) return true;
    return filter_->accepts(filter_self_, type, size) != 0;
  }

  /// Stores the payload; returns its identifier. Throws taps::Error, also
  /// once closed.
  Buffer transform(const taps_payload_view& object) const;

  /// Fetches the payload an identifier names. Throws taps::Error, also once
  /// closed.
  Buffer resolve(const taps_payload_view& identifier) const;

  /// Tells the transformer nothing will resolve `identifier` again, so it can
  /// free the object now rather than at shutdown. A no-op for transformers
  /// built before ABI minor 1 or without drop(), and once closed. Never
  /// throws.
  void drop(const taps_payload_view& identifier) const noexcept;

  /// Waits for the calls into the transformer in progress, and refuses
  /// every later one: after it the transformer instance may be destroyed
  /// while other threads (tasks still running, futures released late) go
  /// on. Idempotent.
  void close() noexcept;

 private:
  // Shared by every call into the transformer, exclusive for close(). A
  // shared_ptr: a DataTransform is assigned into place once configured.
  struct Gate {
    std::shared_mutex mutex;
    bool closed = false;
  };

  const taps_transformer_methods* transformer_ = nullptr;
  void* transformer_self_ = nullptr;
  const taps_filter_methods* filter_ = nullptr;
  void* filter_self_ = nullptr;
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
};

}  // namespace taps::host
