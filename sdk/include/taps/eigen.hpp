// eigen.hpp — Eigen dense matrices and vectors as task arguments and results.
//
//   Eigen::MatrixXd potrf(Eigen::MatrixXd a);
//   auto l = engine.submit(potrf, tile);       // TaskFuture<Eigen::MatrixXd>
//
// Wire layout: u64 rows, u64 cols, then rows*cols scalars in column-major
// order, copied with one memcpy each way: large numeric data travels with no
// per-element work. The type tag names the scalar ("matrix<f64>",
// "matrix<f32>", ...), so a type filter can select every matrix payload, and
// a vector is a matrix with one column (or row): MatrixXd, VectorXd and
// fixed-size matrices of the same scalar share one wire type, and decoding
// checks that the shape fits the receiving type.
//
// A task that only reads a matrix can take it as a view instead, with no
// copy at all: an Eigen::Map<const M> parameter points into the argument
// payload (valid for the duration of the call, like taps::BytesView), and
// reads payloads of M's wire type:
//
//   Eigen::MatrixXd gemm(Eigen::MatrixXd a, Eigen::Map<const Eigen::MatrixXd> b,
//                        Eigen::Map<const Eigen::MatrixXd> c);
//
// Row-major matrices are refused at compile time: their storage is not the
// wire's column-major order, and reordering would be per-element work.
// Header-only; include it where Eigen is available (it is not part of the
// SDK's dependencies otherwise).
#ifndef TAPS_EIGEN_HPP
#define TAPS_EIGEN_HPP

#include <taps/codec.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace taps {

namespace detail {

template <class Scalar>
struct MatrixTag;
template <>
struct MatrixTag<double> {
  static constexpr const char* type = "matrix<f64>";
};
template <>
struct MatrixTag<float> {
  static constexpr const char* type = "matrix<f32>";
};
template <>
struct MatrixTag<std::int32_t> {
  static constexpr const char* type = "matrix<i32>";
};
template <>
struct MatrixTag<std::int64_t> {
  static constexpr const char* type = "matrix<i64>";
};

/// Reads one dimension and checks it against a compile-time size (Eigen::Dynamic
/// accepts any) and against what fits in an Eigen::Index.
inline Eigen::Index get_dimension(Reader& r, int fixed, const char* which) {
  const auto n = r.get<std::uint64_t>();
  if (n > static_cast<std::uint64_t>(std::numeric_limits<Eigen::Index>::max())) {
    throw DecodeError(std::string("matrix payload is corrupt: ") + which + " " + std::to_string(n));
  }
  if (fixed != Eigen::Dynamic && n != static_cast<std::uint64_t>(fixed)) {
    throw DecodeError(std::string("matrix payload has ") + std::to_string(n) + " " + which + ", expected " +
                      std::to_string(fixed));
  }
  return static_cast<Eigen::Index>(n);
}

/// Writes a matrix: its shape, then its column-major data in one copy.
template <class Scalar>
void put_matrix(Writer& w, Eigen::Index rows, Eigen::Index cols, const Scalar* data) {
  const std::size_t data_bytes = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) * sizeof(Scalar);
  w.bytes().reserve(w.bytes().size() + 2 * sizeof(std::uint64_t) + data_bytes);
  w.put(static_cast<std::uint64_t>(rows));
  w.put(static_cast<std::uint64_t>(cols));
  w.put_raw(data, data_bytes);
}

/// Reads a matrix's shape, checked against the receiving type's and, before
/// anything is allocated, against the bytes left; returns where its data is.
template <class Scalar>
const Scalar* get_matrix(Reader& r, int fixed_rows, int fixed_cols, Eigen::Index& rows, Eigen::Index& cols) {
  rows = get_dimension(r, fixed_rows, "rows");
  cols = get_dimension(r, fixed_cols, "columns");
  const std::size_t available = r.remaining() / sizeof(Scalar);
  if (rows != 0 && static_cast<std::size_t>(cols) > available / static_cast<std::size_t>(rows)) {
    throw DecodeError("matrix payload is truncated: " + std::to_string(rows) + "x" + std::to_string(cols) +
                      " needs more than the " + std::to_string(r.remaining()) + " bytes left");
  }
  const std::size_t data_bytes = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) * sizeof(Scalar);
  return reinterpret_cast<const Scalar*>(r.get_raw(data_bytes));
}

}  // namespace detail

template <class Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
struct Codec<Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>> {
  using Matrix = Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>;
  static_assert((Options & Eigen::RowMajor) == 0 || Rows == 1 || Cols == 1,
                "taps::Codec sends Eigen matrices column-major with one memcpy; use a column-major matrix");

  static constexpr const char* type = detail::MatrixTag<Scalar>::type;

  static void encode(Writer& w, const Matrix& m) { detail::put_matrix(w, m.rows(), m.cols(), m.data()); }

  static Matrix decode(Reader& r) {
    Eigen::Index rows = 0;
    Eigen::Index cols = 0;
    const Scalar* data = detail::get_matrix<Scalar>(r, Rows, Cols, rows, cols);
    Matrix m;
    m.resize(rows, cols);  // not Matrix(rows, cols): for a fixed 2-vector that sets coefficients
    if (m.size() != 0) std::memcpy(m.data(), data, static_cast<std::size_t>(m.size()) * sizeof(Scalar));
    return m;
  }
};

/// A read-only view of a matrix payload, in place: the task's argument
/// bytes must outlive it (they do for the duration of a task call).
template <class Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
struct Codec<Eigen::Map<const Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>>> {
  using Matrix = Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>;
  using View = Eigen::Map<const Matrix>;

  static constexpr const char* type = Codec<Matrix>::type;

  static void encode(Writer& w, const View& m) { detail::put_matrix(w, m.rows(), m.cols(), m.data()); }

  static View decode(Reader& r) {
    Eigen::Index rows = 0;
    Eigen::Index cols = 0;
    const Scalar* data = detail::get_matrix<Scalar>(r, Rows, Cols, rows, cols);
    // Map's default alignment is "unaligned": the payload's offset does not matter.
    return View(data, rows, cols);
  }
};

}  // namespace taps

#endif  // TAPS_EIGEN_HPP
