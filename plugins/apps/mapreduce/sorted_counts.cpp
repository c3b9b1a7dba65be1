#include "sorted_counts.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <queue>
#include <string>
#include <utility>

namespace taps::mapreduce {

namespace {

template <class T>
T load(const std::uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

}  // namespace

SortedCountsView SortedCountsView::read(Reader& r) {
  const std::uint8_t* start = r.get_raw(0);
  const auto entries = r.get<std::uint64_t>();
  std::string_view previous;
  for (std::uint64_t i = 0; i < entries; ++i) {
    const auto length = r.get<std::uint32_t>();
    const std::string_view word(reinterpret_cast<const char*>(r.get_raw(length)), length);
    r.get<std::uint64_t>();
    if (i != 0 && !(previous < word)) {
      throw DecodeError("word counts are corrupt: entry " + std::to_string(i) + " is out of order");
    }
    previous = word;
  }
  SortedCountsView view;
  view.data_ = start;
  view.size_ = static_cast<std::size_t>(r.get_raw(0) - start);
  view.entries_ = entries;
  return view;
}

SortedCountsView::SortedCountsView(const std::uint8_t* data, std::size_t size) {
  Reader r(data, size);
  *this = read(r);
  if (r.remaining() != 0) {
    throw DecodeError("word counts are corrupt: " + std::to_string(r.remaining()) + " bytes after the last entry");
  }
}

// Only called on a checked list: no bounds checks here.
void SortedCountsView::iterator::read() {
  if (p_ == end_) return;
  const auto length = load<std::uint32_t>(p_);
  entry_.word = std::string_view(reinterpret_cast<const char*>(p_ + sizeof length), length);
  entry_.count = load<std::uint64_t>(p_ + sizeof length + length);
  next_ = p_ + sizeof length + length + sizeof(std::uint64_t);
}

/// Appends entries, in order, then fills in their number.
class SortedCounts::Builder {
 public:
  explicit Builder(std::size_t capacity) {
    bytes_.reserve(capacity);
    bytes_.resize(sizeof(std::uint64_t));
  }
  void add(std::string_view word, std::uint64_t count) {
    if (word.size() > UINT32_MAX) throw Error("DataError", "a word of " + std::to_string(word.size()) + " bytes");
    const auto length = static_cast<std::uint32_t>(word.size());
    const std::size_t at = bytes_.size();
    bytes_.resize(at + sizeof length + length + sizeof count);
    std::memcpy(bytes_.data() + at, &length, sizeof length);
    std::memcpy(bytes_.data() + at + sizeof length, word.data(), length);
    std::memcpy(bytes_.data() + at + sizeof length + length, &count, sizeof count);
    ++entries_;
  }
  SortedCounts finish() && {
    std::memcpy(bytes_.data(), &entries_, sizeof entries_);
    SortedCounts counts;
    counts.bytes_ = std::move(bytes_);
    return counts;
  }

 private:
  Bytes bytes_;
  std::uint64_t entries_ = 0;
};

std::uint64_t SortedCountsView::total_count() const {
  std::uint64_t total = 0;
  for (const auto& entry : *this) total += entry.count;
  return total;
}

SortedCounts::SortedCounts() : bytes_(sizeof(std::uint64_t), 0) {}

SortedCounts SortedCounts::from_table(const WordCounts& counts) {
  // Sorted by the first eight bytes as a big-endian number, then by the
  // whole word: the same order as comparing words bytewise (zero-padded,
  // a smaller prefix is a smaller word), but most comparisons stay within
  // this array instead of chasing each word on the heap.
  struct Key {
    std::uint64_t prefix;
    const WordCounts::value_type* entry;
  };
  std::vector<Key> keys;
  keys.reserve(counts.size());
  std::size_t bytes = sizeof(std::uint64_t);
  for (const auto& entry : counts) {
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      prefix = prefix << 8 | (i < entry.first.size() ? static_cast<unsigned char>(entry.first[i]) : 0u);
    }
    keys.push_back({prefix, &entry});
    bytes += sizeof(std::uint32_t) + entry.first.size() + sizeof(std::uint64_t);
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.prefix != b.prefix ? a.prefix < b.prefix : a.entry->first < b.entry->first;
  });
  Builder out(bytes);
  for (const Key& key : keys) out.add(key.entry->first, key.entry->second);
  return std::move(out).finish();
}

SortedCounts SortedCounts::merge(const std::vector<SortedCountsView>& parts) {
  struct Cursor {
    SortedCountsView::iterator at;
    SortedCountsView::iterator end;
  };
  std::vector<Cursor> cursors;
  std::size_t bytes = sizeof(std::uint64_t);
  for (const auto& part : parts) {
    if (part.entries() != 0) cursors.push_back({part.begin(), part.end()});
    bytes += part.size_bytes();
  }
  // A min-heap of the parts by their next word: each word comes out once,
  // with the counts of every part that has it.
  const auto later = [](const Cursor* a, const Cursor* b) { return a->at->word > b->at->word; };
  std::priority_queue<Cursor*, std::vector<Cursor*>, decltype(later)> next(later);
  for (auto& cursor : cursors) next.push(&cursor);

  Builder out(bytes);
  while (!next.empty()) {
    Cursor* first = next.top();
    next.pop();
    const std::string_view word = first->at->word;
    std::uint64_t count = first->at->count;
    if (++first->at != first->end) next.push(first);
    while (!next.empty() && next.top()->at->word == word) {
      Cursor* same = next.top();
      next.pop();
      count += same->at->count;
      if (++same->at != same->end) next.push(same);
    }
    out.add(word, count);
  }
  return std::move(out).finish();
}

SortedCounts SortedCounts::from_bytes(Bytes bytes) {
  SortedCountsView{bytes.data(), bytes.size()};  // throws unless the bytes are a list
  SortedCounts counts;
  counts.bytes_ = std::move(bytes);
  return counts;
}

}  // namespace taps::mapreduce
