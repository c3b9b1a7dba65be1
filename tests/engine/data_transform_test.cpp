#include "engine_fixture.hpp"

namespace taps::testing {
namespace {

Bytes pattern(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7);
  return b;
}

TEST(DataTransform, WithoutAFilterEveryArgumentAndResultGoesOutOfBand) {
  EngineFixture f({.transformer = true});
  auto out = f.engine().submit(echo, pattern(10));
  EXPECT_EQ(out.result(), pattern(10));
  EXPECT_EQ(MemoryTransformer::instance->transforms.load(), 2);  // input and result
  EXPECT_EQ(MemoryTransformer::instance->resolves.load(), 2);    // on the worker and on the client
}

TEST(DataTransform, TheFilterKeepsSmallPayloadsInBand) {
  EngineFixture f({.transformer = true, .filter = true});
  // The filter sees the encoded payload: 8 bytes of length + the data.
  EXPECT_EQ(f.engine().submit(echo, pattern(91)).result(), pattern(91));
  EXPECT_EQ(MemoryTransformer::instance->transforms.load(), 0);
  EXPECT_EQ(f.engine().submit(echo, pattern(5000)).result(), pattern(5000));
  EXPECT_EQ(MemoryTransformer::instance->transforms.load(), 2);
}

TEST(DataTransform, ParentResultsTravelAsIdentifiersToChildren) {
  EngineFixture f({.transformer = true});
  auto first = f.engine().submit(echo, pattern(300));
  auto second = f.engine().submit(echo, first);
  EXPECT_EQ(second.result(), pattern(300));
}

TEST(DataTransform, WorksThroughTheWireFormat) {
  EngineFixture f({.encode = true, .transformer = true, .filter = true});
  auto first = f.engine().submit(echo, pattern(1000));
  auto second = f.engine().submit(echo, first);
  EXPECT_EQ(second.result(), pattern(1000));
  EXPECT_GT(MemoryTransformer::instance->transforms.load(), 0);
}

TEST(DataTransform, AMissingIdentifierFailsOnlyThatTask) {
  EngineFixture f({.transformer = true});
  auto first = f.engine().submit(echo, pattern(10));
  EXPECT_EQ(first.result(), pattern(10));
  MemoryTransformer::stored().clear();
  auto lost = f.engine().submit(echo, first);
  auto error = lost.exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "KeyError");
  EXPECT_EQ(f.engine().submit(echo, pattern(3)).result(), pattern(3));
}

}  // namespace
}  // namespace taps::testing
