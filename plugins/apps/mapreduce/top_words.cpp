#include "top_words.hpp"

#include "printable_word.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace taps::mapreduce {

std::vector<WordCount> top_words(const SortedCountsView& counts, std::size_t n) {
  std::vector<WordEntry> entries;
  entries.reserve(static_cast<std::size_t>(counts.entries()));
  for (const WordEntry& entry : counts) entries.push_back(entry);
  const auto more_frequent = [](const WordEntry& a, const WordEntry& b) {
    return a.count != b.count ? a.count > b.count : a.word < b.word;
  };
  const auto middle = entries.begin() + static_cast<std::ptrdiff_t>(std::min(n, entries.size()));
  std::partial_sort(entries.begin(), middle, entries.end(), more_frequent);
  std::vector<WordCount> top;
  for (auto it = entries.begin(); it != middle; ++it) top.emplace_back(std::string(it->word), it->count);
  return top;
}

void write_top_words_csv(const std::vector<WordCount>& words, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  out << "word,count\n";
  for (const auto& [raw, count] : words) {
    const std::string word = printable_word(raw);
    if (word.find_first_of(",\"") == std::string::npos) {
      out << word;
    } else {
      out << '"';
      for (const char c : word) out << (c == '"' ? "\"\"" : std::string(1, c));
      out << '"';
    }
    out << ',' << count << '\n';
  }
  out.close();
  if (!out) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
}

}  // namespace taps::mapreduce
