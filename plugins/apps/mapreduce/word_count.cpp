#include "word_count.hpp"

namespace taps::mapreduce {

std::uint64_t count_words(std::string_view text, bool lowercase, WordCounts& counts) {
  std::uint64_t words = 0;
  std::string lowered;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    while (p != end && is_space(static_cast<unsigned char>(*p))) ++p;
    const char* start = p;
    while (p != end && !is_space(static_cast<unsigned char>(*p))) ++p;
    if (p == start) break;
    std::string_view word(start, static_cast<std::size_t>(p - start));
    if (lowercase) {
      lowered.assign(word);
      for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      word = lowered;
    }
    if (auto it = counts.find(word); it != counts.end()) {
      ++it->second;
    } else {
      counts.emplace(word, 1);
    }
    ++words;
  }
  return words;
}

}  // namespace taps::mapreduce
