#include "text_generator.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <set>

namespace taps::mapreduce {

namespace {

constexpr std::size_t vocabulary_size = 5000;
constexpr std::uint64_t words_per_line = 12;

double uniform01(std::mt19937_64& random) {
  return static_cast<double>(random() >> 11) / 9007199254740992.0;
}

// The cumulative Zipf(1) distribution over the vocabulary's ranks.
const std::vector<double>& cumulative_frequencies() {
  static const std::vector<double> cdf = [] {
    std::vector<double> c(vocabulary_size);
    double sum = 0;
    for (std::size_t r = 0; r < vocabulary_size; ++r) c[r] = sum += 1.0 / static_cast<double>(r + 1);
    for (double& x : c) x /= sum;
    return c;
  }();
  return cdf;
}

}  // namespace

const std::vector<std::string>& vocabulary() {
  // Pronounceable words of two to four syllables from a fixed seed, without
  // duplicates.
  static const std::vector<std::string> words = [] {
    static constexpr std::array<const char*, 20> syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze",
                                                              "da", "fe", "gu", "ho", "ji", "po", "qua", "ste",
                                                              "tra", "wen", "yx"};
    std::mt19937_64 random(20240611);
    std::vector<std::string> list;
    std::set<std::string> seen;
    while (list.size() < vocabulary_size) {
      std::string word;
      const auto count = 2 + random() % 3;
      for (std::uint64_t s = 0; s < count; ++s) word += syllables[random() % syllables.size()];
      if (seen.insert(word).second) list.push_back(std::move(word));
    }
    return list;
  }();
  return words;
}

std::string generate_text(std::uint64_t seed, std::uint64_t index, std::uint64_t words) {
  const auto& vocab = vocabulary();
  const auto& cdf = cumulative_frequencies();
  std::seed_seq seq{seed, index};
  std::mt19937_64 random(seq);
  std::string text;
  for (std::uint64_t w = 0; w < words; ++w) {
    const auto rank = static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end() - 1, uniform01(random)) -
                                               cdf.begin());
    text += vocab[rank];
    text += (w + 1) % words_per_line == 0 || w + 1 == words ? '\n' : ' ';
  }
  return text;
}

std::string generated_file_name(std::uint64_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "generated-%04llu.txt", static_cast<unsigned long long>(index));
  return name;
}

}  // namespace taps::mapreduce
