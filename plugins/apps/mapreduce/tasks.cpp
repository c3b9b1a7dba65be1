#include "tasks.hpp"

#include "input_files.hpp"

#include <string_view>

namespace taps::mapreduce {

SortedCounts map_task(bool lowercase, std::vector<FileRange> ranges) {
  WordCounts counts;
  std::string text;
  for (const auto& range : ranges) {
    text.resize(range.length);
    read_range(range.path, range.offset, range.length, text.data());
    count_words(text, lowercase, counts);
  }
  return SortedCounts::from_table(counts);
}

SortedCounts map_text_task(bool lowercase, Rest<BytesView> texts) {
  WordCounts counts;
  for (const auto& text : texts) {
    count_words(std::string_view(reinterpret_cast<const char*>(text.data), text.size), lowercase, counts);
  }
  return SortedCounts::from_table(counts);
}

SortedCounts reduce_task(Rest<SortedCountsView> counts) { return SortedCounts::merge(counts.items); }

}  // namespace taps::mapreduce
