// plugin_start.hpp — creating a plugin instance from its resolved table, as
// `run` does for the client and `worker` for the worker side.
#pragma once

#include "config/resolved_config.hpp"
#include "plugins/plugin_instance.hpp"
#include "services/host_services.hpp"

#include <stdexcept>

namespace taps::host {

/// A plugin's create() failed (an unreachable server, a bad file...).
class PluginStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Creates the plugin `section` selects; an empty instance when it selects
/// none. Throws PluginStartError with the plugin's own message.
PluginInstance start_plugin(const ResolvedConfig& config, Section section, const HostServices& services);

/// Creates the plugin of one resolved table (`resolved.plugin` set).
PluginInstance start_plugin(const ResolvedSection& resolved, const HostServices& services);

}  // namespace taps::host
