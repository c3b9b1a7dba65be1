// plugin_config.hpp — a resolved plugin table as the taps_config a
// plugin's create() receives.
#pragma once

#include "config/resolved_config.hpp"

#include <taps/taps.h>

#include <vector>

namespace taps::host {

/// Owns the entries and points them into `section`, which must outlive it
/// (the strings are the section's). Not copyable: entries point into it.
class PluginConfig {
 public:
  explicit PluginConfig(const ResolvedSection& section) {
    entries_.reserve(section.options.size());
    for (const auto& option : section.options) {
      entries_.push_back(taps_config_entry{sizeof(taps_config_entry), option.key.c_str(), option.value.c_str()});
    }
    config_ = taps_config{sizeof(taps_config), static_cast<uint32_t>(entries_.size()), entries_.data()};
  }
  PluginConfig(const PluginConfig&) = delete;
  PluginConfig& operator=(const PluginConfig&) = delete;

  const taps_config* get() const { return &config_; }

 private:
  std::vector<taps_config_entry> entries_;
  taps_config config_{};
};

}  // namespace taps::host
