// app_loader.hpp — the taps.apps/1 interface: an app that wraps another
// (the failures app injects faults into a base app) creates that app by
// name and runs it against an engine of its choosing.
//
//   AppLoader loader(registry, services);       // before the app is created
//   loader.provide_to(services);
//
// Options arrive as a JSON object and are validated against the app's schema
// by the same code as [app] in a config file: an unknown key, a wrong type or
// an out-of-range value is an error naming the key, and missing options take
// their defaults.
#pragma once

#include "config/resolved_config.hpp"
#include "plugins/registry.hpp"
#include "services/host_services.hpp"

#include <taps/taps.h>

#include <string>

namespace taps::host {

class AppLoader {
 public:
  /// Both must outlive every app this loader creates.
  AppLoader(const PluginRegistry& registry, const HostServices& services);
  AppLoader(const AppLoader&) = delete;
  AppLoader& operator=(const AppLoader&) = delete;

  /// Registers TAPS_INTERFACE_APPS; call before the wrapping app is created.
  void provide_to(HostServices& services);

  /// The app's table: its record and every option with its canonical value.
  /// Throws ConfigError for an unknown app (listing the installed ones) and
  /// for options that do not fit its schema.
  ResolvedSection resolve(const std::string& name, const std::string& options_json) const;

  static const taps_app_loader* table();

 private:
  friend struct AppLoaderCalls;

  const PluginRegistry& registry_;
  const HostServices& services_;
};

}  // namespace taps::host
