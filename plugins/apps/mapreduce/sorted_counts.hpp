// sorted_counts.hpp — word counts as they travel between tasks: sorted by
// word, in one compact byte string that is written once and read in place.
//
// Layout (little-endian): u64 entries, then per entry u32 word length, the
// word's bytes, u64 count; words strictly ascending (bytewise). The reduce
// merges such lists as they lie in its argument payloads, without building
// a table or allocating per word, and the client reads the result the same
// way: the counting table exists only inside a map task.
#pragma once

#include "word_count.hpp"

#include <taps/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace taps::mapreduce {

struct WordEntry {
  std::string_view word;
  std::uint64_t count;
};

/// A valid list inside someone else's bytes (a payload, a SortedCounts).
class SortedCountsView {
 public:
  SortedCountsView() = default;
  /// Checks that [data, data + size) is exactly one list with its words in
  /// order; throws taps::DecodeError otherwise.
  SortedCountsView(const std::uint8_t* data, std::size_t size);
  /// Reads one list from `r` in place, checking it as above.
  static SortedCountsView read(Reader& r);

  /// Walks the entries in order (enough for range-for).
  class iterator {
   public:
    explicit iterator(const std::uint8_t* p, const std::uint8_t* end) : p_(p), end_(end) { read(); }
    const WordEntry& operator*() const { return entry_; }
    const WordEntry* operator->() const { return &entry_; }
    iterator& operator++() {
      p_ = next_;
      read();
      return *this;
    }
    bool operator==(const iterator& other) const { return p_ == other.p_; }

   private:
    void read();

    const std::uint8_t* p_;
    const std::uint8_t* end_;
    const std::uint8_t* next_ = nullptr;
    WordEntry entry_{};
  };

  iterator begin() const { return iterator(data_ + sizeof(std::uint64_t), data_ + size_); }
  iterator end() const { return iterator(data_ + size_, data_ + size_); }
  std::uint64_t entries() const { return entries_; }
  /// The sum of the counts: the number of words counted.
  std::uint64_t total_count() const;
  const std::uint8_t* data() const { return data_; }
  std::size_t size_bytes() const { return size_; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::uint64_t entries_ = 0;
};

/// A list that owns its bytes.
class SortedCounts {
 public:
  SortedCounts();
  /// Sorts the entries of a counting table.
  static SortedCounts from_table(const WordCounts& counts);
  /// Merges lists, adding the counts of a word found in several.
  static SortedCounts merge(const std::vector<SortedCountsView>& parts);
  /// Takes over encoded bytes, checking them.
  static SortedCounts from_bytes(Bytes bytes);

  SortedCountsView view() const { return SortedCountsView(bytes_.data(), bytes_.size()); }
  const Bytes& bytes() const { return bytes_; }

 private:
  class Builder;

  Bytes bytes_;
};

}  // namespace taps::mapreduce

template <>
struct taps::Codec<taps::mapreduce::SortedCounts> {
  static constexpr const char* type = "mapreduce.sorted_counts";
  static void encode(Writer& w, const taps::mapreduce::SortedCounts& counts) {
    w.put_raw(counts.bytes().data(), counts.bytes().size());
  }
  static taps::mapreduce::SortedCounts decode(Reader& r) {
    const auto view = taps::mapreduce::SortedCountsView::read(r);
    return taps::mapreduce::SortedCounts::from_bytes(Bytes(view.data(), view.data() + view.size_bytes()));
  }
};

/// Reads a SortedCounts payload in place, valid for the task call.
template <>
struct taps::Codec<taps::mapreduce::SortedCountsView> {
  static constexpr const char* type = "mapreduce.sorted_counts";
  static void encode(Writer& w, const taps::mapreduce::SortedCountsView& view) {
    w.put_raw(view.data(), view.size_bytes());
  }
  static taps::mapreduce::SortedCountsView decode(Reader& r) { return taps::mapreduce::SortedCountsView::read(r); }
};
