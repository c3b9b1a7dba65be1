#include "run/plugin_start.hpp"

#include "config/plugin_config.hpp"

#include <taps/error.hpp>

#include <fmt/format.h>

namespace taps::host {

PluginInstance start_plugin(const ResolvedConfig& config, Section section, const HostServices& services) {
  const ResolvedSection* resolved = config.section(section);
  if (resolved == nullptr || resolved->plugin == nullptr) return {};
  return start_plugin(*resolved, services);
}

PluginInstance start_plugin(const ResolvedSection& resolved, const HostServices& services) {
  const PluginRecord& plugin = *resolved.plugin;
  const PluginConfig plugin_config(resolved);
  taps::detail::ErrorCapture error;
  const auto sink = error.sink();
  void* self = nullptr;
  const taps_status status = plugin.descriptor->create(services.host(), plugin_config.get(), &self, &sink);
  if (status != TAPS_OK) {
    // With the exception's type, as task errors have it: "std::invalid_argument:
    // ..." says more than the message alone.
    const std::string reason = !error.set            ? fmt::format("create() returned status {}", status)
                               : error.type.empty() ? error.message
                                                    : error.type + ": " + error.message;
    throw PluginStartError(fmt::format("{} failed to start: {}", plugin.label(), reason));
  }
  // The host tells instances apart from "none" by their self pointer.
  if (self == nullptr) {
    throw PluginStartError(fmt::format("{} failed to start: create() returned no instance", plugin.label()));
  }
  return PluginInstance(plugin.descriptor, self);
}

}  // namespace taps::host
