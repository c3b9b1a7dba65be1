// plugin_instance.hpp — one created instance of a loaded plugin.
#pragma once

#include <taps/taps.h>

#include <string>
#include <utility>

namespace taps::host {

/// Owns the `self` of a plugin instance and destroys it through the plugin's
/// own destroy(). The plugin library must outlive the instance (the registry
/// keeps every library loaded until exit).
class PluginInstance {
 public:
  PluginInstance() = default;
  PluginInstance(const taps_plugin_descriptor* descriptor, void* self) : descriptor_(descriptor), self_(self) {}
  PluginInstance(PluginInstance&& other) noexcept
      : descriptor_(other.descriptor_), self_(std::exchange(other.self_, nullptr)) {}
  PluginInstance& operator=(PluginInstance&& other) noexcept {
    if (this != &other) {
      reset();
      descriptor_ = other.descriptor_;
      self_ = std::exchange(other.self_, nullptr);
    }
    return *this;
  }
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;
  ~PluginInstance() { reset(); }

  void reset() {
    if (self_ != nullptr) descriptor_->destroy(std::exchange(self_, nullptr));
  }

  explicit operator bool() const { return self_ != nullptr; }
  const taps_plugin_descriptor* descriptor() const { return descriptor_; }
  void* self() const { return self_; }
  const char* name() const { return descriptor_ != nullptr ? descriptor_->name : ""; }

  /// The kind's method table, e.g. methods<taps_executor_methods>().
  template <class M>
  const M* methods() const {
    return static_cast<const M*>(descriptor_->methods);
  }

 private:
  const taps_plugin_descriptor* descriptor_ = nullptr;
  void* self_ = nullptr;
};

}  // namespace taps::host
