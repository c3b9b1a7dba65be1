// logger_start.hpp — creating the run's record loggers: the one
// [engine.logger] selects, or each of a list (plugins/logger_list.hpp).
#pragma once

#include "config/resolved_config.hpp"
#include "plugins/plugin_instance.hpp"
#include "services/host_services.hpp"

#include <vector>

namespace taps::host {

/// Each listed logger gets the options of [engine.logger] its schema has.
/// None when no logger is selected. Throws PluginStartError.
std::vector<PluginInstance> start_loggers(const ResolvedConfig& config, const HostServices& services);

}  // namespace taps::host
