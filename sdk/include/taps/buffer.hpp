// buffer.hpp — RAII ownership of a taps_buffer handed over through the waist.
#ifndef TAPS_BUFFER_HPP
#define TAPS_BUFFER_HPP

#include <taps/taps.h>

#include <utility>

namespace taps {

/// Owns a taps_buffer and releases it once. Move-only.
class Buffer {
 public:
  Buffer() : b_{sizeof(taps_buffer), nullptr, nullptr, 0, nullptr, nullptr} {}
  explicit Buffer(const taps_buffer& b) : b_(b) {}
  Buffer(Buffer&& other) noexcept : b_(other.b_) { other.b_ = Buffer().b_; }
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      reset();
      b_ = other.b_;
      other.b_ = Buffer().b_;
    }
    return *this;
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { reset(); }

  const char* type() const { return b_.type; }
  const uint8_t* data() const { return b_.data; }
  uint64_t size() const { return b_.size; }
  taps_payload_view view() const { return taps_payload_view{sizeof(taps_payload_view), b_.type, b_.data, b_.size}; }

  /// Gives up ownership: the caller now must release the returned buffer.
  taps_buffer release() {
    taps_buffer out = b_;
    b_ = Buffer().b_;
    return out;
  }

  void reset() {
    if (b_.release != nullptr) b_.release(b_.owner);
    b_ = taps_buffer{sizeof(taps_buffer), nullptr, nullptr, 0, nullptr, nullptr};
  }

 private:
  taps_buffer b_;
};

}  // namespace taps

#endif  // TAPS_BUFFER_HPP
