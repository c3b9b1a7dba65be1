// plugin_library.hpp — loads a built plugin .so the way taps-host does
// (dlopen + the one entry symbol) and creates instances of its plugins.
#pragma once

#include <taps/taps.h>

#include <dlfcn.h>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace taps::testing {

class PluginLibrary {
 public:
  explicit PluginLibrary(const std::string& path) : handle_(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    if (handle_ == nullptr) throw std::runtime_error(std::string("dlopen failed: ") + dlerror());
    entry_ = static_cast<const taps_plugin_entry*>(dlsym(handle_, TAPS_ENTRY_SYMBOL));
    if (entry_ == nullptr) throw std::runtime_error(path + " has no " TAPS_ENTRY_SYMBOL);
  }
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;
  ~PluginLibrary() { dlclose(handle_); }

  const taps_plugin_entry& entry() const { return *entry_; }

  const taps_plugin_descriptor& plugin(taps_plugin_kind kind, std::string_view name) const {
    for (uint32_t i = 0; i < entry_->plugin_count; ++i) {
      const auto* d = entry_->plugins[i];
      if (d->kind == kind && name == d->name) return *d;
    }
    throw std::runtime_error("no plugin named " + std::string(name));
  }

 private:
  void* handle_;
  const taps_plugin_entry* entry_ = nullptr;
};

/// The outcome of a call that reports through a taps_error_sink.
struct CapturedError {
  std::string type;
  std::string message;

  taps_error_sink sink() { return {sizeof(taps_error_sink), this, &CapturedError::set}; }
  static void set(void* context, const char* type, const char* message, const char*) {
    auto* self = static_cast<CapturedError*>(context);
    self->type = type != nullptr ? type : "";
    self->message = message != nullptr ? message : "";
  }
};

/// One plugin instance, destroyed through the plugin's destroy().
class Instance {
 public:
  /// Creates an instance; on failure, status() and error() say why.
  Instance(const taps_plugin_descriptor& descriptor, const taps_host* host,
           const std::map<std::string, std::string>& config)
      : descriptor_(&descriptor) {
    std::vector<taps_config_entry> entries;
    for (const auto& [key, value] : config) {
      entries.push_back({sizeof(taps_config_entry), key.c_str(), value.c_str()});
    }
    const taps_config c{sizeof(taps_config), static_cast<uint32_t>(entries.size()), entries.data()};
    auto sink = error_.sink();
    status_ = descriptor.create(host, &c, &self_, &sink);
  }
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() { reset(); }

  void reset() {
    if (self_ != nullptr) descriptor_->destroy(std::exchange(self_, nullptr));
  }

  void* self() const { return self_; }
  taps_status status() const { return status_; }
  const CapturedError& error() const { return error_; }

  template <class M>
  const M& methods() const {
    return *static_cast<const M*>(descriptor_->methods);
  }

 private:
  const taps_plugin_descriptor* descriptor_;
  void* self_ = nullptr;
  taps_status status_ = TAPS_ERROR;
  CapturedError error_;
};

/// The defaults a host fills in from a plugin's option schema, overridden
/// by `values`.
inline std::map<std::string, std::string> config_with_defaults(const taps_plugin_descriptor& descriptor,
                                                                std::map<std::string, std::string> values) {
  for (uint32_t i = 0; i < descriptor.option_count; ++i) {
    const auto& option = descriptor.options[i];
    if (option.default_value != nullptr) values.emplace(option.key, option.default_value);
  }
  return values;
}

}  // namespace taps::testing
