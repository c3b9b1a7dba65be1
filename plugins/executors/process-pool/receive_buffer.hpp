// receive_buffer.hpp — where socket reads land: a byte buffer that grows
// without initializing its new bytes and keeps its memory between messages.
//
// std::vector<uint8_t>::resize zero-fills what it adds; reading a 10 MB
// message in socket-buffer-sized pieces (~200 KB each) while resizing by the
// bytes still missing zeroed ~250 MB per message. Keeping the memory matters
// as much: a fresh page costs a fault (~11 µs here, ~28 ms per 10 MB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace taps::process_pool {

class ReceiveBuffer {
 public:
  /// The bytes received and not consumed yet.
  const std::uint8_t* data() const { return storage_.get() + begin_; }
  std::size_t size() const { return end_ - begin_; }

  /// Room for at least `n` bytes after data() + size(), uninitialized; the
  /// unconsumed bytes may move, so earlier data() pointers are invalid.
  std::uint8_t* prepare(std::size_t n) {
    if (capacity_ - end_ >= n) return storage_.get() + end_;
    const std::size_t kept = size();
    if (capacity_ - kept >= n) {
      // Enough room once the consumed front is reclaimed.
      std::memmove(storage_.get(), storage_.get() + begin_, kept);
    } else {
      std::size_t capacity = capacity_ * 2 > kept + n ? capacity_ * 2 : kept + n;
      auto storage = std::make_unique_for_overwrite<std::uint8_t[]>(capacity);
      if (kept != 0) std::memcpy(storage.get(), storage_.get() + begin_, kept);
      storage_ = std::move(storage);
      capacity_ = capacity;
    }
    begin_ = 0;
    end_ = kept;
    return storage_.get() + end_;
  }

  /// `n` bytes were written where prepare() pointed.
  void commit(std::size_t n) { end_ += n; }

  /// The first `n` unconsumed bytes are done with.
  void consume(std::size_t n) {
    begin_ += n;
    if (begin_ == end_) begin_ = end_ = 0;
  }

  void clear() { begin_ = end_ = 0; }

 private:
  std::unique_ptr<std::uint8_t[]> storage_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace taps::process_pool
