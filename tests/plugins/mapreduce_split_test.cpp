// The mapreduce app's splitter, on files the test writes: splits cover the
// input exactly once, never cut a word, and there are exactly as many as
// asked whenever the input has room for them.
#include "apps/mapreduce/input_split.hpp"
#include "apps/mapreduce/word_count.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace taps::mapreduce {
namespace {

namespace fs = std::filesystem;

class Splitter : public ::testing::Test {
 protected:
  Splitter() {
    std::string pattern = (fs::temp_directory_path() / "taps-split-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  ~Splitter() override { fs::remove_all(dir_); }

  void add_file(const std::string& text) {
    const fs::path path = dir_ / ("f" + std::to_string(files_.size()));
    std::ofstream(path, std::ios::binary) << text;
    files_.push_back({path, text.size()});
    texts_.push_back(text);
  }

  // Random words of 1 to max_word bytes (some of them non-ASCII), separated
  // by runs of the six whitespace bytes.
  std::string random_text(std::mt19937_64& random, std::size_t words, std::size_t max_word) {
    static const std::string space = " \t\n\v\f\r";
    std::string text;
    for (std::size_t w = 0; w < words; ++w) {
      const std::size_t length = 1 + random() % max_word;
      for (std::size_t i = 0; i < length; ++i) {
        text += static_cast<char>(random() % 3 == 0 ? 0xc3 : 'a' + random() % 26);
      }
      const std::size_t gap = w + 1 == words ? random() % 2 : 1 + random() % 3;
      for (std::size_t i = 0; i < gap; ++i) text += space[random() % space.size()];
    }
    return text;
  }

  std::uint64_t words_in(const std::string& text) const {
    WordCounts ignored;
    return count_words(text, false, ignored);
  }

  // Checks the splits against the files; returns the words counted split by
  // split, range by range.
  std::uint64_t check(const std::vector<Split>& splits) const {
    std::vector<std::uint64_t> next_offset(files_.size(), 0);
    std::size_t file = 0;
    std::uint64_t words = 0;
    for (const Split& split : splits) {
      EXPECT_FALSE(split.empty()) << "an empty split";
      for (const Range& r : split) {
        EXPECT_GT(r.length, 0u);
        while (file < files_.size() && next_offset[file] == files_[file].size) ++file;
        EXPECT_EQ(r.file, file) << "ranges follow file order";
        EXPECT_EQ(r.offset, next_offset[r.file]) << "ranges follow each other without gap or overlap";
        const std::string& text = texts_[r.file];
        const std::uint64_t end = r.offset + r.length;
        EXPECT_LE(end, text.size());
        next_offset[r.file] = end;
        // Inside a file, a cut is next to whitespace.
        for (const std::uint64_t cut : {r.offset, end}) {
          if (cut == 0 || cut == text.size()) continue;
          EXPECT_TRUE(is_space(static_cast<unsigned char>(text[cut - 1])) ||
                      is_space(static_cast<unsigned char>(text[cut])))
              << "a cut inside a word at byte " << cut << " of file " << r.file;
        }
        words += words_in(text.substr(r.offset, r.length));
      }
    }
    for (std::size_t f = 0; f < files_.size(); ++f) EXPECT_EQ(next_offset[f], files_[f].size) << "file " << f;
    return words;
  }

  std::uint64_t total_words() const {
    std::uint64_t n = 0;
    for (const auto& t : texts_) n += words_in(t);
    return n;
  }

  fs::path dir_;
  std::vector<InputFile> files_;
  std::vector<std::string> texts_;
};

TEST_F(Splitter, NeverCutsAWordAndCoversEveryByteOnceForAnyNumberOfSplits) {
  std::mt19937_64 random(1);
  for (int f = 0; f < 5; ++f) add_file(random_text(random, 50 + random() % 400, 1 + random() % 30));
  const std::uint64_t words = total_words();
  for (std::size_t parts : {1, 2, 3, 5, 7, 16, 32, 100, 333}) {
    const auto splits = split_input(files_, parts);
    EXPECT_EQ(splits.size(), parts);
    EXPECT_EQ(check(splits), words) << parts << " splits";
  }
}

TEST_F(Splitter, MakesExactlyTheAskedNumberWhenThereAreMoreTasksThanFiles) {
  std::mt19937_64 random(2);
  add_file(random_text(random, 3000, 12));
  add_file(random_text(random, 10, 12));
  const auto splits = split_input(files_, 32);
  EXPECT_EQ(splits.size(), 32u);
  check(splits);
}

TEST_F(Splitter, MakesExactlyTheAskedNumberWhenThereAreMoreFilesThanTasks) {
  std::mt19937_64 random(3);
  for (int f = 0; f < 40; ++f) add_file(random_text(random, 1 + random() % 20, 8));
  const auto splits = split_input(files_, 32);
  EXPECT_EQ(splits.size(), 32u);
  check(splits);
}

TEST_F(Splitter, KeepsEachSplitWithinOneWordOfAnEqualShare) {
  std::mt19937_64 random(4);
  add_file(random_text(random, 20000, 10));
  const auto splits = split_input(files_, 10);
  ASSERT_EQ(splits.size(), 10u);
  const double share = static_cast<double>(files_[0].size) / 10;
  for (const auto& split : splits) {
    ASSERT_EQ(split.size(), 1u);
    EXPECT_NEAR(static_cast<double>(split[0].length), share, 2 * (10 + 3));
  }
}

TEST_F(Splitter, MakesExactlyOneSplitPerWordWhenAskedForAsManyAsThereAreWords) {
  add_file("one two three four");
  const auto splits = split_input(files_, 4);
  ASSERT_EQ(splits.size(), 4u);
  EXPECT_EQ(check(splits), 4u);
}

TEST_F(Splitter, TakesCutsFromTheEndBackwardsWhenTheTailIsOneLongWord) {
  // The ideal cuts all fall in the long last word; the places to cut are
  // all near the start.
  add_file("a b c d " + std::string(10000, 'x'));
  const auto splits = split_input(files_, 5);
  EXPECT_EQ(splits.size(), 5u);
  EXPECT_EQ(check(splits), 5u);
}

TEST_F(Splitter, MakesFewerSplitsOnlyWhenTheInputHasNoRoomForMore) {
  add_file(std::string(5000, 'x'));
  EXPECT_EQ(split_input(files_, 8).size(), 1u) << "one word cannot be cut";
  add_file("y");
  const auto splits = split_input(files_, 8);
  EXPECT_EQ(splits.size(), 2u) << "two files, two words: one cut between them";
  EXPECT_EQ(check(splits), 2u);
}

TEST_F(Splitter, LeavesEmptyFilesOut) {
  add_file("");
  add_file("alpha beta");
  add_file("");
  add_file("gamma");
  add_file("");
  const auto splits = split_input(files_, 3);
  ASSERT_EQ(splits.size(), 3u);
  for (const auto& split : splits) {
    for (const auto& r : split) EXPECT_TRUE(r.file == 1 || r.file == 3) << r.file;
  }
  EXPECT_EQ(check(splits), 3u);
}

TEST_F(Splitter, MakesNoSplitOfAnEmptyInput) {
  add_file("");
  EXPECT_TRUE(split_input(files_, 4).empty());
}

TEST_F(Splitter, ReportsAFileShorterThanListed) {
  add_file("some words here and there");
  files_[0].size = 1000;
  EXPECT_THROW(split_input(files_, 4), std::exception);
}

}  // namespace
}  // namespace taps::mapreduce
