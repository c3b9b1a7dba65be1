#include "config/option_value.hpp"

#include "config/config_error.hpp"
#include "config/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace taps::host {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> split_choices(const char* choices) {
  std::vector<std::string> out;
  if (choices == nullptr) return out;
  std::string_view rest(choices);
  while (true) {
    auto bar = rest.find('|');
    out.emplace_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

[[noreturn]] void reject(const taps_option_desc& option, const RawValue& value, const std::string& owner,
                         const std::string& reason) {
  throw ConfigError(fmt::format("{}: invalid value '{}' for option '{}' of {}: {}", value.origin, value.display(),
                                option.key, owner, reason));
}

std::string expected(const taps_option_desc& option) { return "expected " + allowed_values(option); }

std::string canonical_bool(const taps_option_desc& option, const RawValue& value, const std::string& owner) {
  if (value.form == RawValue::Form::boolean) return value.boolean ? "true" : "false";
  if (value.form == RawValue::Form::text) {
    const std::string text = lower(value.text);
    if (text == "true" || text == "yes" || text == "on" || text == "1") return "true";
    if (text == "false" || text == "no" || text == "off" || text == "0") return "false";
  }
  reject(option, value, owner, expected(option));
}

std::int64_t integer_of(const taps_option_desc& option, const RawValue& value, const std::string& owner) {
  if (value.form == RawValue::Form::integer) return value.integer;
  if (value.form == RawValue::Form::text && !value.text.empty()) {
    errno = 0;
    char* end = nullptr;
    long long parsed = std::strtoll(value.text.c_str(), &end, 10);
    if (errno == ERANGE) reject(option, value, owner, "the number does not fit in a 64-bit integer");
    if (end != value.text.c_str() && *end == '\0') return parsed;
  }
  reject(option, value, owner, expected(option));
}

// Only finite numbers: an inf or nan duration, count or rate has no meaning
// to any plugin, and no JSON file (config, records, summaries) can hold it.
double floating_of(const taps_option_desc& option, const RawValue& value, const std::string& owner) {
  auto finite = [&](double number) {
    if (!std::isfinite(number)) reject(option, value, owner, "not a finite number, " + expected(option));
    return number;
  };
  if (value.form == RawValue::Form::floating) return finite(value.floating);
  if (value.form == RawValue::Form::integer) return static_cast<double>(value.integer);
  if (value.form == RawValue::Form::text && !value.text.empty()) {
    errno = 0;
    char* end = nullptr;
    double parsed = std::strtod(value.text.c_str(), &end);
    if (errno == ERANGE && std::isinf(parsed)) reject(option, value, owner, "the number is too large for a double");
    if (end != value.text.c_str() && *end == '\0') return finite(parsed);
  }
  reject(option, value, owner, expected(option));
}

void check_range(const taps_option_desc& option, const RawValue& value, const std::string& owner, double number) {
  const bool below = (option.flags & TAPS_OPTION_HAS_MIN) != 0 && !(number >= option.min_value);
  const bool above = (option.flags & TAPS_OPTION_HAS_MAX) != 0 && !(number <= option.max_value);
  if (below || above) reject(option, value, owner, "out of range, " + expected(option));
}

std::string canonical_table(const taps_option_desc& option, const RawValue& value, const std::string& owner) {
  if (value.form != RawValue::Form::text && value.form != RawValue::Form::table) {
    reject(option, value, owner, expected(option));
  }
  std::string error;
  auto canonical = canonical_json_object(value.text, error);
  if (!canonical) reject(option, value, owner, error + "; " + expected(option));
  return *canonical;
}

// Choices compare without case ("--app.structure BAG" picks "bag") and the
// plugin receives the spelling it declared.
std::string apply_choices(const taps_option_desc& option, const RawValue& value, const std::string& owner,
                          const std::string& canonical) {
  const auto choices = split_choices(option.choices);
  if (choices.empty()) return canonical;
  for (const auto& choice : choices) {
    if (lower(choice) == lower(canonical)) return choice;
  }
  reject(option, value, owner, "not one of the choices, " + expected(option));
}

}  // namespace

RawValue RawValue::of_text(std::string text, std::string origin, bool from_command_line) {
  RawValue value;
  value.form = Form::text;
  value.text = std::move(text);
  value.origin = std::move(origin);
  value.from_command_line = from_command_line;
  return value;
}

std::string RawValue::display() const {
  switch (form) {
    case Form::boolean:
      return boolean ? "true" : "false";
    // As the user wrote it when known: TOML's 2.0 must not read back as '2'.
    case Form::integer:
      return text.empty() ? std::to_string(integer) : text;
    case Form::floating:
      return text.empty() ? format_number(floating) : text;
    default:
      return text;
  }
}

std::string canonical_value(const taps_option_desc& option, const RawValue& value, const std::string& owner) {
  std::string canonical;
  switch (option.type) {
    case TAPS_OPTION_BOOL:
      canonical = canonical_bool(option, value, owner);
      break;
    case TAPS_OPTION_INT: {
      std::int64_t number = integer_of(option, value, owner);
      check_range(option, value, owner, static_cast<double>(number));
      canonical = std::to_string(number);
      break;
    }
    case TAPS_OPTION_FLOAT: {
      double number = floating_of(option, value, owner);
      check_range(option, value, owner, number);
      // fmt's shortest representation reads back to the same double.
      canonical = fmt::format("{}", number);
      break;
    }
    case TAPS_OPTION_STRING:
      if (value.form != RawValue::Form::text) reject(option, value, owner, expected(option));
      canonical = value.text;
      break;
    case TAPS_OPTION_TABLE:
      canonical = canonical_table(option, value, owner);
      break;
    default:
      reject(option, value, owner, "the option has a type this host does not know");
  }
  return apply_choices(option, value, owner, canonical);
}

std::string type_name(taps_option_type type) {
  switch (type) {
    case TAPS_OPTION_BOOL:
      return "bool";
    case TAPS_OPTION_INT:
      return "int";
    case TAPS_OPTION_FLOAT:
      return "float";
    case TAPS_OPTION_STRING:
      return "string";
    case TAPS_OPTION_TABLE:
      return "table";
    default:
      return "unknown type " + std::to_string(type);
  }
}

std::string format_number(double value) { return fmt::format("{}", value); }

std::string allowed_values(const taps_option_desc& option) {
  const auto choices = split_choices(option.choices);
  if (!choices.empty()) return "one of: " + join(choices, ", ");
  std::string what;
  switch (option.type) {
    case TAPS_OPTION_BOOL:
      return "true or false";
    case TAPS_OPTION_STRING:
      return "a string";
    case TAPS_OPTION_TABLE:
      return "a table (a JSON object on the command line, e.g. '{\"key\": 1}')";
    case TAPS_OPTION_INT:
      what = "an integer";
      break;
    case TAPS_OPTION_FLOAT:
      what = "a number";
      break;
    default:
      return "a value of type " + type_name(option.type);
  }
  const bool has_min = (option.flags & TAPS_OPTION_HAS_MIN) != 0;
  const bool has_max = (option.flags & TAPS_OPTION_HAS_MAX) != 0;
  if (has_min && has_max) {
    what += fmt::format(" from {} to {}", format_number(option.min_value), format_number(option.max_value));
  } else if (has_min) {
    what += " >= " + format_number(option.min_value);
  } else if (has_max) {
    what += " <= " + format_number(option.max_value);
  }
  return what;
}

}  // namespace taps::host
