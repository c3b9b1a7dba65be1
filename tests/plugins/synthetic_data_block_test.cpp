// The synthetic app's self-verifying data blocks.
#include "apps/synthetic/data_block.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cstring>

namespace taps::synthetic {
namespace {

TEST(DataBlock, ChecksBlocksOfEverySize) {
  for (std::size_t size : {0, 1, 7, 8, 9, 15, 16, 17, 1000, 1 << 20}) {
    const Bytes block = make_block(42, size);
    ASSERT_EQ(block.size(), size);
    EXPECT_NO_THROW(check_block(block, size, "block", size >= 8 ? std::optional<std::uint64_t>(42) : std::nullopt))
        << size;
  }
}

TEST(DataBlock, CarriesItsSeedInTheFirstWord) {
  const Bytes block = make_block(0x1234, 64);
  std::uint64_t seed = 0;
  std::memcpy(&seed, block.data(), sizeof seed);
  EXPECT_EQ(seed, 0x1234u);
}

TEST(DataBlock, DiffersBetweenSeeds) { EXPECT_NE(make_block(1, 256), make_block(2, 256)); }

TEST(DataBlock, RejectsAWrongSize) {
  const Bytes block = make_block(7, 100);
  EXPECT_THROW(check_block(block, 101, "block"), Error);
}

TEST(DataBlock, RejectsAnUnexpectedSeed) {
  const Bytes block = make_block(7, 100);
  EXPECT_THROW(check_block(block, 100, "block", 8), Error);
}

TEST(DataBlock, RejectsADamagedLastByte) {
  Bytes block = make_block(7, 1003);
  block.back() ^= 1;
  EXPECT_THROW(check_block(block, 1003, "block"), Error);
}

TEST(DataBlock, RejectsAnyDamagedRunOfOneThirtySecondOfTheBlock) {
  // Samples are at most words/32 apart, so damage that wide cannot slip
  // between two of them, wherever it is.
  constexpr std::size_t words = 4096;
  const Bytes clean = make_block(99, words * 8);
  for (std::size_t start = 1; start + words / 32 <= words; start += 97) {
    Bytes block = clean;
    for (std::size_t w = start; w < start + words / 32; ++w) block[w * 8] ^= 0x80;
    EXPECT_THROW(check_block(block, block.size(), "block"), Error) << start;
  }
}

TEST(DataBlock, NamesWhatFailedInTheError) {
  try {
    check_block(make_block(1, 10), 11, "input 3");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "DataError");
    EXPECT_NE(std::string(e.what()).find("input 3"), std::string::npos);
  }
}

}  // namespace
}  // namespace taps::synthetic
