// codec.hpp: payloads round-trip, carry their type tag, and reject bytes
// that do not match.
#include <taps/buffer.hpp>
#include <taps/codec.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

struct Point {
  double x;
  double y;
  bool operator==(const Point&) const = default;
};

}  // namespace

template <>
struct taps::Codec<Point> {
  static constexpr const char* type = "point";
  static void encode(taps::Writer& w, const Point& p) {
    w.put(p.x);
    w.put(p.y);
  }
  static Point decode(taps::Reader& r) {
    const double x = r.get<double>();
    return {x, r.get<double>()};
  }
};

namespace {

template <class T>
taps::Buffer encode(const T& value) {
  return taps::Buffer(taps::encode_payload(value));
}

template <class T>
T round_trip(const T& value) {
  auto payload = encode(value);
  return taps::decode_payload<T>(payload.view());
}

// Every strict prefix of a valid payload must be refused.
template <class T>
void expect_every_truncation_throws(const T& value) {
  auto payload = encode(value);
  for (std::uint64_t size = 0; size < payload.size(); ++size) {
    taps_payload_view view = payload.view();
    view.size = size;
    EXPECT_THROW(taps::decode_payload<T>(view), taps::DecodeError) << "prefix of " << size << " bytes";
  }
}

TEST(Codec, RoundTripsArithmeticScalars) {
  EXPECT_EQ(round_trip(true), true);
  EXPECT_EQ(round_trip('x'), 'x');
  EXPECT_EQ(round_trip<std::int8_t>(-5), -5);
  EXPECT_EQ(round_trip<std::uint16_t>(65535), 65535);
  EXPECT_EQ(round_trip<std::int32_t>(-123456), -123456);
  EXPECT_EQ(round_trip<std::uint32_t>(4000000000u), 4000000000u);
  EXPECT_EQ(round_trip<std::int64_t>(std::numeric_limits<std::int64_t>::min()),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(round_trip<std::uint64_t>(std::numeric_limits<std::uint64_t>::max()),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(round_trip(1.5f), 1.5f);
  EXPECT_EQ(round_trip(0.1), 0.1);
  EXPECT_EQ(round_trip(7LL), 7LL);
}

TEST(Codec, RoundTripsStringsIncludingEmptyAndEmbeddedNul) {
  EXPECT_EQ(round_trip(std::string()), "");
  EXPECT_EQ(round_trip(std::string("hello")), "hello");
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(round_trip(with_nul), with_nul);
}

TEST(Codec, WritesNumericVectorsAsALengthAndTheRawElements) {
  const std::vector<double> v{1.0, -2.5, 3.25};
  auto payload = encode(v);
  EXPECT_STREQ(payload.type(), "f64[]");
  ASSERT_EQ(payload.size(), sizeof(std::uint64_t) + v.size() * sizeof(double));
  EXPECT_EQ(std::memcmp(payload.data() + sizeof(std::uint64_t), v.data(), v.size() * sizeof(double)), 0);
  EXPECT_EQ(round_trip(v), v);
  EXPECT_EQ(round_trip(std::vector<std::int32_t>{}), std::vector<std::int32_t>{});
}

TEST(Codec, ReadsBytesInPlaceThroughABytesView) {
  const taps::Bytes bytes{1, 2, 3, 4, 5};
  auto payload = encode(bytes);
  EXPECT_STREQ(payload.type(), "bytes");
  const auto view = taps::decode_payload<taps::BytesView>(payload.view());
  ASSERT_EQ(view.size, 5u);
  EXPECT_EQ(view.data, payload.data());  // read in place: the payload is the bytes
  EXPECT_EQ(payload.size(), bytes.size());
  EXPECT_EQ(round_trip(bytes), bytes);
  // A BytesView writes exactly as the Bytes it views.
  auto from_view = encode(taps::BytesView(bytes));
  EXPECT_EQ(taps::decode_payload<taps::Bytes>(from_view.view()), bytes);
}

TEST(Codec, HandsOverBytesPassedByValueWithoutACopy) {
  taps::Bytes bytes(1 << 20, 7);
  const std::uint8_t* storage = bytes.data();
  taps::Buffer payload(taps::encode_payload(std::move(bytes)));
  EXPECT_EQ(payload.data(), storage);
  EXPECT_EQ(payload.size(), 1u << 20);
}

TEST(Codec, KeepsTheLengthOfBytesInsideALargerValue) {
  const std::vector<taps::Bytes> blocks{{1, 2}, {}, {3}};
  EXPECT_EQ(round_trip(blocks), blocks);
  expect_every_truncation_throws(blocks);
}

TEST(Codec, RoundTripsContainersOfNonNumericElements) {
  const std::vector<std::string> words{"a", "", "ccc"};
  EXPECT_EQ(round_trip(words), words);
  const std::vector<bool> flags{true, false, true};
  EXPECT_EQ(round_trip(flags), flags);
  const std::pair<std::string, double> pair{"pi", 3.14};
  EXPECT_EQ(round_trip(pair), pair);
  const std::tuple<int, std::string, std::vector<float>> tuple{1, "two", {3.0f}};
  EXPECT_EQ(round_trip(tuple), tuple);
  const std::map<std::string, std::int64_t> map{{"a", 1}, {"b", 2}};
  EXPECT_EQ(round_trip(map), map);
  const std::unordered_map<int, std::string> hashed{{1, "x"}, {2, "y"}};
  EXPECT_EQ(round_trip(hashed), hashed);
  EXPECT_EQ(round_trip(std::optional<int>()), std::nullopt);
  EXPECT_EQ(round_trip(std::optional<std::string>("set")), "set");
  auto none = encode(taps::None{});
  EXPECT_EQ(none.size(), 0u);
  EXPECT_NO_THROW(taps::decode_payload<taps::None>(none.view()));
}

TEST(Codec, RoundTripsAUserTypeThroughASpecializedCodec) {
  auto payload = encode(Point{1.0, 2.0});
  EXPECT_STREQ(payload.type(), "point");
  EXPECT_EQ(taps::decode_payload<Point>(payload.view()), (Point{1.0, 2.0}));
  EXPECT_EQ(round_trip(std::vector<Point>{{1, 2}, {3, 4}}), (std::vector<Point>{{1, 2}, {3, 4}}));
}

TEST(Codec, TagsEachPayloadWithItsCodecsType) {
  EXPECT_STREQ(taps::type_tag<std::int64_t>, "i64");
  EXPECT_STREQ(taps::type_tag<double>, "f64");
  EXPECT_STREQ(taps::type_tag<std::string>, "str");
  EXPECT_STREQ(taps::type_tag<taps::Bytes>, "bytes");
  EXPECT_STREQ(taps::type_tag<std::vector<float>>, "f32[]");
  EXPECT_STREQ(taps::type_tag<std::vector<std::string>>, "list");
  EXPECT_STREQ((taps::type_tag<std::map<int, int>>), "map");
  EXPECT_STREQ(taps::type_tag<taps::None>, "none");
  static_assert(taps::same_wire_type<taps::Bytes, taps::BytesView>);
  static_assert(!taps::same_wire_type<taps::Bytes, std::string>);
}

// A top-level bytes payload is the bytes (its size is its length), so a
// prefix is a shorter, valid block: data blocks carry their own checks.
TEST(Codec, RefusesEveryTruncatedPayload) {
  expect_every_truncation_throws(std::int64_t{42});
  expect_every_truncation_throws(std::string("truncate me"));
  expect_every_truncation_throws(std::vector<double>{1, 2, 3});
  expect_every_truncation_throws(std::vector<std::string>{"a", "bc"});
  expect_every_truncation_throws(std::pair<int, double>{1, 2});
  expect_every_truncation_throws(std::tuple<int, std::string>{1, "x"});
  expect_every_truncation_throws(std::map<std::string, int>{{"k", 1}});
  expect_every_truncation_throws(std::optional<int>(5));
  expect_every_truncation_throws(Point{1, 2});
}

TEST(Codec, RefusesALengthLargerThanTheDataLeft) {
  for (auto length : {std::uint64_t{1000}, std::numeric_limits<std::uint64_t>::max(),
                      std::numeric_limits<std::uint64_t>::max() / 8 + 1}) {
    taps::Bytes corrupt(sizeof length + 4, 0);
    std::memcpy(corrupt.data(), &length, sizeof length);
    taps_payload_view view{sizeof(taps_payload_view), "f64[]", corrupt.data(), corrupt.size()};
    EXPECT_THROW(taps::decode_payload<std::vector<double>>(view), taps::DecodeError);
    view.type = "str";
    EXPECT_THROW(taps::decode_payload<std::string>(view), taps::DecodeError);
    view.type = "list";
    EXPECT_THROW(taps::decode_payload<std::vector<std::string>>(view), taps::DecodeError);
  }
}

TEST(Codec, RefusesAPayloadOfAnotherType) {
  auto payload = encode(std::string("text"));
  EXPECT_THROW(taps::decode_payload<taps::Bytes>(payload.view()), taps::DecodeError);
  EXPECT_THROW(taps::decode_payload<std::int64_t>(payload.view()), taps::DecodeError);
  taps_payload_view untyped = payload.view();
  untyped.type = nullptr;
  EXPECT_THROW(taps::decode_payload<std::string>(untyped), taps::DecodeError);
}

TEST(Codec, RefusesTrailingBytes) {
  taps::Bytes bytes(sizeof(std::int32_t) + 1, 0);
  taps_payload_view view{sizeof(taps_payload_view), "i32", bytes.data(), bytes.size()};
  EXPECT_THROW(taps::decode_payload<std::int32_t>(view), taps::DecodeError);
}

TEST(Codec, HandsPayloadsOverWithAReleaseCallback) {
  taps_buffer b = taps::encode_payload(std::string("owned"));
  EXPECT_EQ(b.struct_size, sizeof(taps_buffer));
  ASSERT_NE(b.release, nullptr);
  EXPECT_STREQ(b.type, "str");
  taps::Buffer owner(b);  // releases it
  taps::Buffer moved(std::move(owner));
  EXPECT_EQ(owner.data(), nullptr);
  EXPECT_EQ(moved.size(), sizeof(std::uint64_t) + 5);
}

}  // namespace
