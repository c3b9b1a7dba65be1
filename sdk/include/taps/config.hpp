// config.hpp — a plugin's options: the schema it declares (static data) and
// the validated values it receives.
//
//   static constexpr taps_option_desc options[] = {
//       taps::option::integer("workers", "Worker threads.").min(1).defaults("4"),
//       taps::option::choice("structure", "bag|diamond", "Workflow shape.").defaults("bag"),
//   };
//   ...
//   int64_t workers = config.get_int("workers");
#ifndef TAPS_CONFIG_HPP
#define TAPS_CONFIG_HPP

#include <taps/error.hpp>
#include <taps/taps.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

namespace taps {

/// A constexpr builder that converts to the C schema entry.
class Option {
 public:
  constexpr Option(const char* key, taps_option_type type, const char* description)
      : desc_{sizeof(taps_option_desc), key, type, 0, nullptr, 0.0, 0.0, nullptr, description, nullptr} {}

  constexpr Option defaults(const char* value) const {
    Option o = *this;
    o.desc_.default_value = value;
    return o;
  }
  constexpr Option required() const {
    Option o = *this;
    o.desc_.flags |= TAPS_OPTION_REQUIRED;
    return o;
  }
  constexpr Option min(double value) const {
    Option o = *this;
    o.desc_.flags |= TAPS_OPTION_HAS_MIN;
    o.desc_.min_value = value;
    return o;
  }
  constexpr Option max(double value) const {
    Option o = *this;
    o.desc_.flags |= TAPS_OPTION_HAS_MAX;
    o.desc_.max_value = value;
    return o;
  }
  constexpr Option unit(const char* value) const {
    Option o = *this;
    o.desc_.unit = value;
    return o;
  }
  constexpr Option choices(const char* values) const {
    Option o = *this;
    o.desc_.choices = values;
    return o;
  }

  constexpr operator taps_option_desc() const { return desc_; }  // NOLINT: builder converts implicitly

 private:
  taps_option_desc desc_;
};

namespace option {
constexpr Option boolean(const char* key, const char* description) {
  return Option(key, TAPS_OPTION_BOOL, description);
}
constexpr Option integer(const char* key, const char* description) {
  return Option(key, TAPS_OPTION_INT, description);
}
constexpr Option real(const char* key, const char* description) {
  return Option(key, TAPS_OPTION_FLOAT, description);
}
constexpr Option string(const char* key, const char* description) {
  return Option(key, TAPS_OPTION_STRING, description);
}
constexpr Option table(const char* key, const char* description) {
  return Option(key, TAPS_OPTION_TABLE, description);
}
constexpr Option choice(const char* key, const char* values, const char* description) {
  return Option(key, TAPS_OPTION_STRING, description).choices(values);
}
}  // namespace option

/// The validated configuration a plugin instance is created with. The host
/// has checked types and ranges and filled in defaults, so a getter fails
/// only when the plugin asks for a key it did not declare.
class Config {
 public:
  Config() = default;
  explicit Config(const taps_config* config) {
    if (config == nullptr) return;
    for (uint32_t i = 0; i < config->entry_count; ++i) {
      const auto& e = config->entries[i];
      values_[e.key] = e.value != nullptr ? e.value : "";
    }
  }

  bool has(const std::string& key) const { return values_.count(key) != 0; }

  const std::string& get_string(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end()) {
      throw Error("ConfigError", "option '" + key + "' is not set", TAPS_INVALID_ARGUMENT);
    }
    return it->second;
  }

  std::string get_string(const std::string& key, const std::string& fallback) const {
    return has(key) ? get_string(key) : fallback;
  }

  std::int64_t get_int(const std::string& key) const {
    const auto& text = get_string(key);
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || *end != '\0') throw bad_value(key, text, "an integer");
    return v;
  }

  double get_double(const std::string& key) const {
    const auto& text = get_string(key);
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (errno != 0 || end == text.c_str() || *end != '\0') throw bad_value(key, text, "a number");
    return v;
  }

  bool get_bool(const std::string& key) const {
    const auto& text = get_string(key);
    if (text == "true") return true;
    if (text == "false") return false;
    throw bad_value(key, text, "true or false");
  }

  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  static Error bad_value(const std::string& key, const std::string& text, const char* expected) {
    return Error("ConfigError", "option '" + key + "' is '" + text + "', expected " + expected,
                 TAPS_INVALID_ARGUMENT);
  }

  std::map<std::string, std::string> values_;
};

}  // namespace taps

#endif  // TAPS_CONFIG_HPP
