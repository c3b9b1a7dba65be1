// input_split.hpp — dividing the input among the map tasks by bytes, never
// inside a word.
#pragma once

#include "input_files.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace taps::mapreduce {

/// Bytes [offset, offset + length) of files[file].
struct Range {
  std::size_t file;
  std::uint64_t offset;
  std::uint64_t length;

  bool operator==(const Range&) const = default;
};

/// One map task's input: consecutive ranges, in file order.
using Split = std::vector<Range>;

/// Cuts the concatenation of `files` into `parts` non-empty splits of about
/// equal size. A cut falls only where it cannot divide a word: at a file
/// boundary or next to a whitespace byte. Each ideal cut (k·total/parts)
/// moves forward to the end of the word it falls in; if the input's tail
/// has too few places to cut, the missing cuts are taken from the end
/// backwards. So there are exactly `parts` splits whenever the input has at
/// least parts − 1 places to cut, which it has when it holds at least
/// `parts` files or `parts` words; otherwise one split per possible piece.
/// Empty files appear in no split. Throws a DataError if a file cannot be
/// read or is shorter than its listed size.
std::vector<Split> split_input(const std::vector<InputFile>& files, std::size_t parts);

}  // namespace taps::mapreduce
