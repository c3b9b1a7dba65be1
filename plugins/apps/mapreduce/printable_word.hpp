// printable_word.hpp — a word as log.txt and top_words.csv show it.
//
// Words are bytes (word_count.hpp): input that is not UTF-8 text, a binary
// file say, yields words that are not valid UTF-8, and control bytes that
// would break a log line or a terminal. The app's outputs are UTF-8
// throughout: a word's valid UTF-8 characters (ASCII included) are written
// as they are, and every other byte, each ASCII control byte (0x00-0x1f,
// 0x7f) and each byte of an invalid sequence, as \xHH (two lower-case hex
// digits); a backslash is written \\, so the escaping reads back uniquely.
#pragma once

#include <string>
#include <string_view>

namespace taps::mapreduce {

std::string printable_word(std::string_view word);

}  // namespace taps::mapreduce
