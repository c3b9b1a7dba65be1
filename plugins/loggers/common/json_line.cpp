#include "json_line.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace taps::loggers {

namespace {

// Whether a byte must be escaped inside a JSON string. Bytes >= 0x80 are
// UTF-8 sequences and pass through.
constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

constexpr std::uint64_t powers_of_10[] = {1,           10,           100,           1000,           10000,
                                           100000,      1000000,      10000000,      100000000,      1000000000,
                                           10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
                                           1000000000000000};

// Writes `value` with 17 significant digits in fixed notation, which always
// reads back as the same double. Only for [1e8, 1e15) — Unix times, the bulk
// of every record — where the scaled fraction stays below 1e9, far below
// 2^53, so the one multiplication costs no digit.
bool put_fixed(std::string& out, double value) {
  if (!(value >= 1e8 && value < 1e15)) return false;
  auto whole = static_cast<std::uint64_t>(value);
  const double fraction = value - static_cast<double>(whole);  // exact
  int integer_digits = 9;
  while (whole >= powers_of_10[integer_digits]) ++integer_digits;
  const int decimals = 17 - integer_digits;
  const std::uint64_t scale = powers_of_10[decimals];
  auto scaled = static_cast<std::uint64_t>(fraction * static_cast<double>(scale) + 0.5);
  if (scaled == scale) {  // the fraction rounded up to the next integer
    ++whole;
    scaled = 0;
  }
  char text[40];
  char* p = std::to_chars(text, text + sizeof text, whole).ptr;
  if (scaled != 0) {
    *p++ = '.';
    char digits[20];
    const char* end = std::to_chars(digits, digits + sizeof digits, scaled).ptr;
    for (auto zeros = decimals - (end - digits); zeros > 0; --zeros) *p++ = '0';
    while (end > digits && end[-1] == '0') --end;  // scaled != 0: a digit stays
    for (const char* d = digits; d != end; ++d) *p++ = *d;
  }
  out.append(text, p);
  return true;
}

}  // namespace

void JsonLine::key(std::string_view key) {
  separate();
  out_.push_back('"');
  out_.append(key);
  out_.append("\":", 2);
  first_ = true;  // the value follows without a comma
}

void JsonLine::string(std::string_view value) {
  separate();
  out_.push_back('"');
  // Copy runs of plain bytes at once; escape the rest.
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!needs_escape(c)) continue;
    out_.append(value.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out_.append("\\\"", 2); break;
      case '\\': out_.append("\\\\", 2); break;
      case '\n': out_.append("\\n", 2); break;
      case '\r': out_.append("\\r", 2); break;
      case '\t': out_.append("\\t", 2); break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
        out_.append(escaped, sizeof escaped);
      }
    }
  }
  out_.append(value.data() + run, value.size() - run);
  out_.push_back('"');
}

void JsonLine::string_or_null(const char* value) {
  if (value == nullptr) {
    null();
  } else {
    string(value);
  }
}

void JsonLine::number(double value) {
  if (!std::isfinite(value)) {
    null();
    return;
  }
  separate();
  if (put_fixed(out_, value)) return;
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest round trip
  out_.append(text, end);
}

void JsonLine::boolean(bool value) {
  separate();
  out_.append(value ? "true" : "false");
}

void JsonLine::null() {
  separate();
  out_.append("null", 4);
}

}  // namespace taps::loggers
