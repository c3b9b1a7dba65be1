// How the mapreduce app counts words, and the sorted lists its tasks pass
// each other: built from a table, merged, and checked when read.
#include "apps/mapreduce/printable_word.hpp"
#include "apps/mapreduce/sorted_counts.hpp"
#include "apps/mapreduce/word_count.hpp"

#include <taps/buffer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace taps::mapreduce {
namespace {

std::map<std::string, std::uint64_t> as_map(const WordCounts& counts) { return {counts.begin(), counts.end()}; }

std::map<std::string, std::uint64_t> as_map(const SortedCountsView& counts) {
  std::map<std::string, std::uint64_t> m;
  for (const auto& entry : counts) m[std::string(entry.word)] = entry.count;
  return m;
}

TEST(CountWords, SplitsOnTheSixAsciiWhitespaceBytesOnly) {
  WordCounts counts;
  EXPECT_EQ(count_words(" a\tb\nc\vd\fe\rf  a\n", false, counts), 7u);
  EXPECT_EQ(as_map(counts), (std::map<std::string, std::uint64_t>{
                                {"a", 2}, {"b", 1}, {"c", 1}, {"d", 1}, {"e", 1}, {"f", 1}}));
}

TEST(CountWords, TreatsPunctuationNulAndNonAsciiBytesAsPartsOfWords) {
  WordCounts counts;
  const std::string text("caf\xc3\xa9, x\0y \xa0z", 13);
  EXPECT_EQ(count_words(text, false, counts), 3u);
  EXPECT_EQ(counts.count("caf\xc3\xa9,"), 1u);
  EXPECT_EQ(counts.count(std::string("x\0y", 3)), 1u);
  EXPECT_EQ(counts.count("\xa0z"), 1u);
}

TEST(CountWords, LowerCasesAsciiLettersOnlyWhenAsked) {
  WordCounts plain;
  count_words("The the THE \xc3\x89t\xc3\xa9", false, plain);
  EXPECT_EQ(plain.size(), 4u);
  WordCounts lowered;
  count_words("The the THE \xc3\x89T\xc3\xa9", true, lowered);
  EXPECT_EQ(as_map(lowered), (std::map<std::string, std::uint64_t>{{"the", 3}, {"\xc3\x89t\xc3\xa9", 1}}));
}

TEST(CountWords, AddsToTheCountsItIsGiven) {
  WordCounts counts;
  count_words("x y", false, counts);
  EXPECT_EQ(count_words("y z", false, counts), 2u);
  EXPECT_EQ(as_map(counts), (std::map<std::string, std::uint64_t>{{"x", 1}, {"y", 2}, {"z", 1}}));
  EXPECT_EQ(count_words(" \n\t ", false, counts), 0u);
}

TEST(SortedCounts, ListsATablesEntriesInWordOrder) {
  WordCounts table;
  count_words("pear apple fig apple Zebra", false, table);
  const SortedCounts sorted = SortedCounts::from_table(table);
  std::vector<std::string> words;
  for (const auto& entry : sorted.view()) words.emplace_back(entry.word);
  EXPECT_EQ(words, (std::vector<std::string>{"Zebra", "apple", "fig", "pear"}));
  EXPECT_EQ(sorted.view().entries(), 4u);
  EXPECT_EQ(sorted.view().total_count(), 5u);
}

TEST(SortedCounts, OrdersWordsBytewiseBeyondTheirFirstEightBytesAndAboveAscii) {
  WordCounts table;
  const std::string nul_word("ab\0", 3);
  count_words("abcdefgh2 abcdefgh10 abcdefgh1 ab \xc3\xa9 z " + nul_word, false, table);
  const SortedCounts sorted = SortedCounts::from_table(table);
  std::vector<std::string> words;
  for (const auto& entry : sorted.view()) words.emplace_back(entry.word);
  EXPECT_EQ(words, (std::vector<std::string>{"ab", nul_word, "abcdefgh1", "abcdefgh10", "abcdefgh2", "z",
                                             "\xc3\xa9"}));
}

TEST(SortedCounts, MergesListsAddingTheCountsOfWordsInSeveral) {
  WordCounts a, b, c;
  count_words("x y y", false, a);
  count_words("y z", false, b);
  count_words("a z z", false, c);
  const SortedCounts sa = SortedCounts::from_table(a), sb = SortedCounts::from_table(b),
                     sc = SortedCounts::from_table(c), empty;
  const SortedCounts merged = SortedCounts::merge({sa.view(), sb.view(), empty.view(), sc.view()});
  EXPECT_EQ(as_map(merged.view()),
            (std::map<std::string, std::uint64_t>{{"a", 1}, {"x", 1}, {"y", 3}, {"z", 3}}));
  EXPECT_EQ(merged.view().total_count(), 8u);
  EXPECT_EQ(SortedCounts::merge({}).view().entries(), 0u);
}

TEST(SortedCounts, TravelsAsOnePayloadThatTheViewReadsInPlace) {
  WordCounts table;
  count_words("b a c a", false, table);
  const Buffer payload(encode_payload(SortedCounts::from_table(table)));
  EXPECT_STREQ(payload.type(), "mapreduce.sorted_counts");
  const auto view = decode_payload<SortedCountsView>(payload.view());
  EXPECT_EQ(view.data(), payload.data()) << "no copy";
  EXPECT_EQ(as_map(view), as_map(table));
  EXPECT_EQ(as_map(decode_payload<SortedCounts>(payload.view()).view()), as_map(table));
}

TEST(SortedCounts, RefusesEveryTruncatedList) {
  WordCounts table;
  count_words("one two three", false, table);
  const Buffer payload(encode_payload(SortedCounts::from_table(table)));
  for (std::uint64_t size = 0; size < payload.size(); ++size) {
    taps_payload_view view = payload.view();
    view.size = size;
    EXPECT_THROW(decode_payload<SortedCountsView>(view), DecodeError) << size;
  }
}

TEST(SortedCounts, RefusesAListOutOfOrder) {
  WordCounts table;
  count_words("aa ab", false, table);
  Bytes bytes = SortedCounts::from_table(table).bytes();
  // Entries: u64 n | u32 2 "aa" u64 1 | u32 2 "ab" u64 1; make the second "a0".
  bytes[8 + 4 + 2 + 8 + 4 + 1] = '0';
  EXPECT_THROW(SortedCounts::from_bytes(bytes), DecodeError);
}

}  // namespace
}  // namespace taps::mapreduce

// ---- printable words (issue 17, item 7) -------------------------------------


namespace taps::mapreduce {
namespace {

TEST(PrintableWord, KeepsUtf8AndEscapesEveryOtherByte) {
  EXPECT_EQ(printable_word("plain"), "plain");
  EXPECT_EQ(printable_word("caf\xc3\xa9"), "caf\xc3\xa9");                // é stays
  EXPECT_EQ(printable_word("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");      // an emoji stays
  EXPECT_EQ(printable_word(std::string("a\0b", 3)), "a\\x00b");           // a NUL byte
  EXPECT_EQ(printable_word("\x1b[31m\x7f"), "\\x1b[31m\\x7f");            // control bytes
  EXPECT_EQ(printable_word("\xff\xfe"), "\\xff\\xfe");                    // never UTF-8
  EXPECT_EQ(printable_word("\xc3"), "\\xc3");                             // a truncated sequence
  EXPECT_EQ(printable_word("\xc0\xaf"), "\\xc0\\xaf");                    // an overlong '/'
  EXPECT_EQ(printable_word("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
  EXPECT_EQ(printable_word("back\\slash"), "back\\\\slash");              // escapes stay unique
}

}  // namespace
}  // namespace taps::mapreduce
