#include "input_split.hpp"

#include "word_count.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace taps::mapreduce {

namespace {

// The files as one byte sequence, read through a one-block cache: finding
// a cut reads only the few bytes around it.
class Concatenation {
 public:
  explicit Concatenation(const std::vector<InputFile>& files) : files_(files) {
    starts_.reserve(files.size());
    for (const auto& f : files) {
      starts_.push_back(size_);
      size_ += f.size;
    }
  }

  std::uint64_t size() const { return size_; }

  /// True where a cut cannot divide a word.
  bool can_cut(std::uint64_t pos) {
    if (pos == 0 || pos == size_ || std::binary_search(starts_.begin(), starts_.end(), pos)) return true;
    return is_space(byte(pos - 1)) || is_space(byte(pos));
  }

  /// The first place to cut at or after `pos` (at most the end).
  std::uint64_t next_cut(std::uint64_t pos) {
    while (!can_cut(pos)) ++pos;
    return pos;
  }

  /// The last place to cut at or before `pos` (at least the start).
  std::uint64_t previous_cut(std::uint64_t pos) {
    while (!can_cut(pos)) --pos;
    return pos;
  }

  /// The split of bytes [begin, end) into ranges of single, non-empty files.
  Split ranges(std::uint64_t begin, std::uint64_t end) const {
    Split split;
    for (std::size_t i = file_at(begin); i < files_.size() && starts_[i] < end; ++i) {
      const std::uint64_t from = std::max(begin, starts_[i]);
      const std::uint64_t to = std::min(end, starts_[i] + files_[i].size);
      if (to > from) split.push_back({i, from - starts_[i], to - from});
    }
    return split;
  }

 private:
  static constexpr std::uint64_t block_size = 64 * 1024;

  // The last file starting at or before `pos`: for pos < size, the
  // non-empty file holding it (empty files share their successor's start).
  std::size_t file_at(std::uint64_t pos) const {
    return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), pos) - starts_.begin()) - 1;
  }

  unsigned char byte(std::uint64_t pos) {
    if (pos < block_start_ || pos >= block_start_ + block_.size()) load_block_around(pos);
    return static_cast<unsigned char>(block_[pos - block_start_]);
  }

  void load_block_around(std::uint64_t pos) {
    const std::size_t i = file_at(pos);
    const std::uint64_t offset = (pos - starts_[i]) / block_size * block_size;
    const std::uint64_t length = std::min(block_size, files_[i].size - offset);
    block_.resize(length);
    read_range(files_[i].path, offset, length, block_.data());
    block_start_ = starts_[i] + offset;
  }

  const std::vector<InputFile>& files_;
  std::vector<std::uint64_t> starts_;
  std::uint64_t size_ = 0;
  std::string block_;
  std::uint64_t block_start_ = 0;
};

}  // namespace

std::vector<Split> split_input(const std::vector<InputFile>& files, std::size_t parts) {
  Concatenation input(files);
  const std::uint64_t total = input.size();
  if (total == 0 || parts == 0) return {};

  std::set<std::uint64_t> cuts;
  std::uint64_t previous = 0;
  for (std::uint64_t k = 1; k < parts; ++k) {
    // k·total/parts without overflowing.
    const std::uint64_t ideal = total / parts * k + total % parts * k / parts;
    const std::uint64_t cut = input.next_cut(std::max(ideal, previous + 1));
    if (cut >= total) break;
    cuts.insert(cut);
    previous = cut;
  }
  // Too few places to cut after some ideal cut (a long last word, say):
  // take the missing ones from the end backwards, skipping those taken.
  for (std::uint64_t pos = total; cuts.size() + 1 < parts && pos > 1;) {
    pos = input.previous_cut(pos - 1);
    if (pos == 0) break;
    cuts.insert(pos);
  }

  std::vector<Split> splits;
  splits.reserve(cuts.size() + 1);
  std::uint64_t begin = 0;
  for (const std::uint64_t cut : cuts) {
    splits.push_back(input.ranges(begin, cut));
    begin = cut;
  }
  splits.push_back(input.ranges(begin, total));
  return splits;
}

}  // namespace taps::mapreduce
