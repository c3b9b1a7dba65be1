// codec.hpp — how task arguments and results become payload bytes.
//
// A payload is a byte string with a type tag. taps::Codec<T> says how one
// type is written and read; the SDK provides codecs for arithmetic types,
// strings, byte buffers, contiguous numeric vectors (raw memcpy, no
// per-element work), generic vectors, pairs, tuples, maps and optionals.
// A plugin adds its own types by specializing Codec:
//
//   template <> struct taps::Codec<Point> {
//     static constexpr const char* type = "point";
//     static void encode(taps::Writer& w, const Point& p) { w.put(p.x); w.put(p.y); }
//     static Point decode(taps::Reader& r) { return {r.get<double>(), r.get<double>()}; }
//   };
//
// The byte layout is little-endian host order: payloads move between
// processes and machines of the same architecture, as task frameworks do.
#ifndef TAPS_CODEC_HPP
#define TAPS_CODEC_HPP

#include <taps/taps.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace taps {

using Bytes = std::vector<std::uint8_t>;

/// A read-only view of bytes inside a payload: lets a task read a large input
/// without copying it. Valid for the duration of the task call only.
struct BytesView {
  BytesView() = default;
  BytesView(const std::uint8_t* d, std::size_t n) : data(d), size(n) {}
  BytesView(const std::vector<std::uint8_t>& bytes) : data(bytes.data()), size(bytes.size()) {}  // NOLINT: views convert implicitly

  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

/// Thrown when payload bytes do not match what a codec expects.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends encoded values to a byte vector.
class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}

  void put_raw(const void* data, std::size_t size) {
    if (size == 0) return;
    const auto* p = static_cast<const std::uint8_t*>(data);
    out_.insert(out_.end(), p, p + size);
  }

  template <class T>
  void put(const T& value);

  Bytes& bytes() { return out_; }

 private:
  Bytes& out_;
};

/// Reads encoded values from a borrowed byte range, checking every length.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : pos_(data), end_(data + size) {}

  const std::uint8_t* get_raw(std::size_t size) {
    if (size > remaining()) {
      throw DecodeError("payload is truncated: needs " + std::to_string(size) + " more bytes, has " +
                        std::to_string(remaining()));
    }
    const auto* p = pos_;
    pos_ += size;
    return p;
  }

  template <class T>
  T get();

  std::size_t remaining() const { return static_cast<std::size_t>(end_ - pos_); }

 private:
  const std::uint8_t* pos_;
  const std::uint8_t* end_;
};

/// Primary template: a type without a codec is a compile error at the
/// submit() or task registration that needs it.
template <class T, class Enable = void>
struct Codec;

namespace detail {

template <class T>
struct ArithmeticTag;
#define TAPS_DETAIL_TAG(T, name)                                  \
  template <>                                                     \
  struct ArithmeticTag<T> {                                       \
    static constexpr const char* scalar = name;                   \
    static constexpr const char* vector = name "[]";              \
  }
TAPS_DETAIL_TAG(bool, "bool");
TAPS_DETAIL_TAG(char, "char");
TAPS_DETAIL_TAG(std::int8_t, "i8");
TAPS_DETAIL_TAG(std::uint8_t, "u8");
TAPS_DETAIL_TAG(std::int16_t, "i16");
TAPS_DETAIL_TAG(std::uint16_t, "u16");
TAPS_DETAIL_TAG(std::int32_t, "i32");
TAPS_DETAIL_TAG(std::uint32_t, "u32");
TAPS_DETAIL_TAG(long, "i64");
TAPS_DETAIL_TAG(unsigned long, "u64");
TAPS_DETAIL_TAG(long long, "i64");
TAPS_DETAIL_TAG(unsigned long long, "u64");
TAPS_DETAIL_TAG(float, "f32");
TAPS_DETAIL_TAG(double, "f64");
#undef TAPS_DETAIL_TAG

template <class T>
inline constexpr bool is_tagged_arithmetic = std::is_arithmetic_v<T>;

constexpr bool tags_equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

}  // namespace detail

template <class T>
void Writer::put(const T& value) {
  Codec<T>::encode(*this, value);
}

template <class T>
T Reader::get() {
  return Codec<T>::decode(*this);
}

/// Arithmetic scalars: their bytes.
template <class T>
struct Codec<T, std::enable_if_t<detail::is_tagged_arithmetic<T>>> {
  static constexpr const char* type = detail::ArithmeticTag<T>::scalar;
  static void encode(Writer& w, T value) { w.put_raw(&value, sizeof value); }
  static T decode(Reader& r) {
    T value;
    std::memcpy(&value, r.get_raw(sizeof value), sizeof value);
    return value;
  }
};

/// Lengths: u64.
namespace detail {
inline void put_length(Writer& w, std::size_t n) { w.put<std::uint64_t>(n); }
inline std::size_t get_length(Reader& r, std::size_t element_size) {
  auto n = r.get<std::uint64_t>();
  if (element_size != 0 && n > r.remaining() / element_size) {
    throw DecodeError("payload is corrupt: length " + std::to_string(n) + " exceeds the data left");
  }
  return static_cast<std::size_t>(n);
}
}  // namespace detail

template <>
struct Codec<std::string> {
  static constexpr const char* type = "str";
  static void encode(Writer& w, const std::string& s) {
    detail::put_length(w, s.size());
    w.put_raw(s.data(), s.size());
  }
  static std::string decode(Reader& r) {
    auto n = detail::get_length(r, 1);
    const auto* p = r.get_raw(n);
    return std::string(reinterpret_cast<const char*>(p), n);
  }
};

/// Contiguous vectors of arithmetic values (Bytes included): length + raw bytes.
template <class T>
struct Codec<std::vector<T>, std::enable_if_t<detail::is_tagged_arithmetic<T> && !std::is_same_v<T, bool>>> {
  static constexpr const char* type =
      std::is_same_v<T, std::uint8_t> ? "bytes" : detail::ArithmeticTag<T>::vector;
  static void encode(Writer& w, const std::vector<T>& v) {
    detail::put_length(w, v.size());
    w.put_raw(v.data(), v.size() * sizeof(T));
  }
  static std::vector<T> decode(Reader& r) {
    auto n = detail::get_length(r, sizeof(T));
    std::vector<T> v(n);
    if (n != 0) std::memcpy(v.data(), r.get_raw(n * sizeof(T)), n * sizeof(T));
    return v;
  }
};

/// BytesView reads in place; it writes exactly like Bytes, so the two are
/// interchangeable across a task boundary.
template <>
struct Codec<BytesView> {
  static constexpr const char* type = "bytes";
  static void encode(Writer& w, const BytesView& v) {
    detail::put_length(w, v.size);
    w.put_raw(v.data, v.size);
  }
  static BytesView decode(Reader& r) {
    auto n = detail::get_length(r, 1);
    return BytesView{r.get_raw(n), n};
  }
};

/// Any other vector: length + each element.
template <class T>
struct Codec<std::vector<T>, std::enable_if_t<!detail::is_tagged_arithmetic<T> || std::is_same_v<T, bool>>> {
  static constexpr const char* type = "list";
  static void encode(Writer& w, const std::vector<T>& v) {
    detail::put_length(w, v.size());
    for (const auto& x : v) w.put(x);
  }
  static std::vector<T> decode(Reader& r) {
    auto n = detail::get_length(r, 1);
    std::vector<T> v;
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) v.push_back(r.get<T>());
    return v;
  }
};

template <class A, class B>
struct Codec<std::pair<A, B>> {
  static constexpr const char* type = "pair";
  static void encode(Writer& w, const std::pair<A, B>& p) {
    w.put(p.first);
    w.put(p.second);
  }
  static std::pair<A, B> decode(Reader& r) {
    A a = r.get<A>();
    B b = r.get<B>();
    return {std::move(a), std::move(b)};
  }
};

template <class... T>
struct Codec<std::tuple<T...>> {
  static constexpr const char* type = "tuple";
  static void encode(Writer& w, const std::tuple<T...>& t) {
    std::apply([&](const auto&... x) { (w.put(x), ...); }, t);
  }
  static std::tuple<T...> decode(Reader& r) {
    // Braced initialization evaluates left to right.
    return std::tuple<T...>{r.get<T>()...};
  }
};

namespace detail {
template <class M>
struct MapCodec {
  using K = typename M::key_type;
  using V = typename M::mapped_type;
  static void encode(Writer& w, const M& m) {
    put_length(w, m.size());
    for (const auto& [k, v] : m) {
      w.put(k);
      w.put(v);
    }
  }
  static M decode(Reader& r) {
    auto n = get_length(r, 1);
    M m;
    for (std::size_t i = 0; i < n; ++i) {
      K k = r.get<K>();
      m.emplace(std::move(k), r.get<V>());
    }
    return m;
  }
};
}  // namespace detail

template <class K, class V, class C, class A>
struct Codec<std::map<K, V, C, A>> : detail::MapCodec<std::map<K, V, C, A>> {
  static constexpr const char* type = "map";
};

template <class K, class V, class H, class E, class A>
struct Codec<std::unordered_map<K, V, H, E, A>> : detail::MapCodec<std::unordered_map<K, V, H, E, A>> {
  static constexpr const char* type = "map";
};

template <class T>
struct Codec<std::optional<T>> {
  static constexpr const char* type = "optional";
  static void encode(Writer& w, const std::optional<T>& o) {
    w.put<std::uint8_t>(o.has_value() ? 1 : 0);
    if (o) w.put(*o);
  }
  static std::optional<T> decode(Reader& r) {
    if (r.get<std::uint8_t>() == 0) return std::nullopt;
    return r.get<T>();
  }
};

/// The result of a task that returns nothing.
struct None {};

template <>
struct Codec<None> {
  static constexpr const char* type = "none";
  static void encode(Writer&, const None&) {}
  static None decode(Reader&) { return {}; }
};

/// A payload type tag, as the codec of T writes it.
template <class T>
inline constexpr const char* type_tag = Codec<std::decay_t<T>>::type;

/// True when a value written as A can be read as B (same tag).
template <class A, class B>
inline constexpr bool same_wire_type = detail::tags_equal(type_tag<A>, type_tag<B>);

namespace detail {

inline void release_bytes(void* owner) { delete static_cast<Bytes*>(owner); }

/// Hands encoded bytes over through the C waist; the vector lives on the heap
/// until the receiver releases it.
inline taps_buffer hand_over(Bytes&& bytes, const char* type) {
  auto* owned = new Bytes(std::move(bytes));
  return taps_buffer{sizeof(taps_buffer), type, owned->data(), owned->size(), owned, &release_bytes};
}

}  // namespace detail

/// Encodes a value into a payload [handed over] to the receiver.
///
/// A payload of raw bytes (Bytes, BytesView) is the bytes themselves, with no
/// length prefix (the payload's size is the length): so a Bytes passed or
/// returned by value is handed over without a copy, and a 10 MB block costs
/// nothing to serialize. Inside a larger value (a struct, a vector of Bytes)
/// bytes keep their length prefix.
template <class T>
taps_buffer encode_payload(T&& value) {
  using V = std::decay_t<T>;
  if constexpr (std::is_same_v<V, Bytes>) {
    if constexpr (std::is_rvalue_reference_v<T&&>) {
      return detail::hand_over(std::move(value), Codec<V>::type);
    } else {
      return detail::hand_over(Bytes(value), Codec<V>::type);
    }
  } else if constexpr (std::is_same_v<V, BytesView>) {
    return detail::hand_over(Bytes(value.data, value.data + value.size), Codec<V>::type);
  } else {
    Bytes bytes;
    Writer w(bytes);
    w.put(static_cast<const V&>(value));
    return detail::hand_over(std::move(bytes), Codec<V>::type);
  }
}

/// Decodes a payload, checking its type tag and that every byte was used.
template <class T>
T decode_payload(const taps_payload_view& view) {
  if (view.type == nullptr || !detail::tags_equal(view.type, Codec<T>::type)) {
    throw DecodeError(std::string("payload has type '") + (view.type ? view.type : "(none)") +
                      "', expected '" + Codec<T>::type + "'");
  }
  if constexpr (std::is_same_v<T, Bytes>) {
    return Bytes(view.data, view.data + view.size);
  } else if constexpr (std::is_same_v<T, BytesView>) {
    return BytesView{view.data, static_cast<std::size_t>(view.size)};
  } else {
    Reader r(view.data, static_cast<std::size_t>(view.size));
    T value = r.get<T>();
    if (r.remaining() != 0) {
      throw DecodeError(std::string("payload of type '") + Codec<T>::type + "' has " +
                        std::to_string(r.remaining()) + " trailing bytes");
    }
    return value;
  }
}

}  // namespace taps

#endif  // TAPS_CODEC_HPP
