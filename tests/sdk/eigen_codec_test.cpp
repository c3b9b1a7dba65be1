// eigen.hpp: Eigen matrices travel as their shape and raw column-major data,
// are read in place through a Map, and decoding refuses bytes that do not
// fit the receiving type.
#include <taps/buffer.hpp>
#include <taps/eigen.hpp>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace {

template <class T>
taps::Buffer encode(const T& value) {
  return taps::Buffer(taps::encode_payload(value));
}

TEST(EigenCodec, RoundTripsADynamicMatrixExactly) {
  const Eigen::MatrixXd m = Eigen::MatrixXd::Random(37, 5);
  const auto payload = encode(m);
  const auto back = taps::decode_payload<Eigen::MatrixXd>(payload.view());
  EXPECT_EQ(back.rows(), 37);
  EXPECT_EQ(back.cols(), 5);
  EXPECT_EQ(back, m);
}

TEST(EigenCodec, WritesTheShapeThenTheColumnMajorData) {
  Eigen::MatrixXd m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const auto payload = encode(m);
  ASSERT_EQ(payload.size(), 2 * sizeof(std::uint64_t) + 6 * sizeof(double));
  std::uint64_t shape[2];
  std::memcpy(shape, payload.data(), sizeof shape);
  EXPECT_EQ(shape[0], 2u);
  EXPECT_EQ(shape[1], 3u);
  double data[6];
  std::memcpy(data, payload.data() + sizeof shape, sizeof data);
  EXPECT_EQ(data[0], 1);
  EXPECT_EQ(data[1], 4);  // column-major: (1,0) follows (0,0)
  EXPECT_EQ(data[5], 6);
}

TEST(EigenCodec, TagsPayloadsWithTheScalarType) {
  EXPECT_STREQ(encode(Eigen::MatrixXd::Zero(1, 1).eval()).type(), "matrix<f64>");
  EXPECT_STREQ(encode(Eigen::MatrixXf::Zero(1, 1).eval()).type(), "matrix<f32>");
  EXPECT_STREQ(encode(Eigen::VectorXd::Zero(3).eval()).type(), "matrix<f64>");
}

TEST(EigenCodec, RoundTripsEmptyMatricesAndVectors) {
  EXPECT_EQ(taps::decode_payload<Eigen::MatrixXd>(encode(Eigen::MatrixXd(0, 4)).view()).cols(), 4);
  const Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(5, 0, 1);
  EXPECT_EQ(taps::decode_payload<Eigen::VectorXd>(encode(v).view()), v);
  const Eigen::RowVectorXf r = Eigen::RowVectorXf::LinSpaced(4, 0, 1);
  EXPECT_EQ(taps::decode_payload<Eigen::RowVectorXf>(encode(r).view()), r);
}

TEST(EigenCodec, DecodesAFixedSizeMatrixOnlyFromItsOwnShape) {
  const Eigen::Vector2d v(3.5, -1.0);
  EXPECT_EQ(taps::decode_payload<Eigen::Vector2d>(encode(v).view()), v);
  EXPECT_EQ(taps::decode_payload<Eigen::MatrixXd>(encode(v).view()), Eigen::MatrixXd(v));
  EXPECT_THROW(taps::decode_payload<Eigen::Vector3d>(encode(v).view()), taps::DecodeError);
  const auto square = encode(Eigen::MatrixXd::Zero(2, 2).eval());
  EXPECT_THROW(taps::decode_payload<Eigen::VectorXd>(square.view()), taps::DecodeError);
}

TEST(EigenCodec, RefusesEveryTruncatedPayload) {
  const auto payload = encode(Eigen::MatrixXd::Random(3, 3).eval());
  for (std::uint64_t size = 0; size < payload.size(); ++size) {
    taps_payload_view view = payload.view();
    view.size = size;
    EXPECT_THROW(taps::decode_payload<Eigen::MatrixXd>(view), taps::DecodeError) << size;
  }
}

TEST(EigenCodec, RefusesACorruptShapeWithoutAllocatingIt) {
  auto payload = encode(Eigen::MatrixXd::Random(2, 2).eval());
  const std::uint64_t huge = std::uint64_t{1} << 40;
  std::memcpy(const_cast<std::uint8_t*>(payload.data()), &huge, sizeof huge);
  EXPECT_THROW(taps::decode_payload<Eigen::MatrixXd>(payload.view()), taps::DecodeError);
}

TEST(EigenCodec, ReadsAMatrixInPlaceAsAMapWithNoCopy) {
  const Eigen::MatrixXd m = Eigen::MatrixXd::Random(4, 3);
  const auto payload = encode(m);
  const auto view = taps::decode_payload<Eigen::Map<const Eigen::MatrixXd>>(payload.view());
  EXPECT_EQ(reinterpret_cast<const std::uint8_t*>(view.data()), payload.data() + 2 * sizeof(std::uint64_t));
  EXPECT_EQ(view, m);
  EXPECT_TRUE((taps::same_wire_type<Eigen::MatrixXd, Eigen::Map<const Eigen::MatrixXd>>));
  EXPECT_STREQ(encode(view).type(), "matrix<f64>");
  EXPECT_EQ(taps::decode_payload<Eigen::MatrixXd>(encode(view).view()), m);
}

TEST(EigenCodec, RefusesATruncatedPayloadForAMapToo) {
  const auto payload = encode(Eigen::MatrixXd::Zero(3, 3).eval());
  taps_payload_view view = payload.view();
  view.size -= 1;
  EXPECT_THROW(taps::decode_payload<Eigen::Map<const Eigen::MatrixXd>>(view), taps::DecodeError);
}

TEST(EigenCodec, RefusesAPayloadOfAnotherScalarType) {
  const auto doubles = encode(Eigen::MatrixXd::Zero(2, 2).eval());
  EXPECT_THROW(taps::decode_payload<Eigen::MatrixXf>(doubles.view()), taps::DecodeError);
}

}  // namespace
