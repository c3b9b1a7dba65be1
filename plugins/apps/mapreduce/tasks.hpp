// tasks.hpp — the mapreduce app's task functions: map tasks that count the
// words of their part of the input, and the reduce that adds the counts up.
#pragma once

#include "sorted_counts.hpp"

#include <taps/codec.hpp>
#include <taps/task.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace taps::mapreduce {

/// Bytes [offset, offset + length) of the file at `path`, which the task
/// reads itself (a file system shared with the client).
struct FileRange {
  std::string path;
  std::uint64_t offset;
  std::uint64_t length;
};

/// Counts the words of each range. Throws a DataError when a range cannot
/// be read in full (the file changed since the client listed it).
SortedCounts map_task(bool lowercase, std::vector<FileRange> ranges);

/// Counts the words of each text, the ranges' bytes read by the client.
SortedCounts map_text_task(bool lowercase, Rest<BytesView> texts);

/// Adds up the counts of map tasks (or of other reduce tasks), reading
/// them in place.
SortedCounts reduce_task(Rest<SortedCountsView> counts);

}  // namespace taps::mapreduce

template <>
struct taps::Codec<taps::mapreduce::FileRange> {
  static constexpr const char* type = "mapreduce.file_range";
  static void encode(Writer& w, const taps::mapreduce::FileRange& r) {
    w.put(r.path);
    w.put(r.offset);
    w.put(r.length);
  }
  static taps::mapreduce::FileRange decode(Reader& r) {
    taps::mapreduce::FileRange range;
    range.path = r.get<std::string>();
    range.offset = r.get<std::uint64_t>();
    range.length = r.get<std::uint64_t>();
    return range;
  }
};
