#include "verification.hpp"

#include "printable_word.hpp"

#include <taps/error.hpp>

#include <fstream>

namespace taps::mapreduce {

IndependentCount count_independently(const std::vector<InputFile>& files, bool lowercase,
                                     const std::vector<std::string>& words) {
  IndependentCount count{0, {}};
  for (const auto& word : words) count.of_words[word] = 0;
  for (const auto& file : files) {
    std::ifstream in(file.path, std::ios::binary);
    if (!in) throw Error("VerificationError", "cannot reopen '" + file.path.string() + "' to verify the counts");
    std::uint64_t n = 0;
    for (std::string word; in >> word; ++n) {
      if (lowercase) {
        for (char& c : word) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
      }
      if (auto it = count.of_words.find(word); it != count.of_words.end()) ++it->second;
    }
    if (in.bad()) throw Error("VerificationError", "cannot read '" + file.path.string() + "' to verify the counts");
    count.total += n;
  }
  return count;
}

void verify_counts(std::uint64_t total, const std::vector<WordCount>& top, const IndependentCount& independent) {
  if (total != independent.total) {
    throw Error("VerificationError", "the map and reduce tasks counted " + std::to_string(total) +
                                         " words, the client's own count of the files is " +
                                         std::to_string(independent.total));
  }
  for (const auto& [word, count] : top) {
    const auto it = independent.of_words.find(word);
    const std::uint64_t expected = it == independent.of_words.end() ? 0 : it->second;
    if (count != expected) {
      throw Error("VerificationError", "the tasks counted '" + printable_word(word) + "' " + std::to_string(count) +
                                           " times, the client's own count is " + std::to_string(expected));
    }
  }
}

}  // namespace taps::mapreduce
