// config_toml.hpp — a resolved configuration as the run's config.toml.
//
// Complete (every option of every selected plugin, defaults included, plus
// [logging] and [run]) so that `taps-host run --config <run>/config.toml`
// replays the run with the same plugins and options.
#pragma once

#include "config/resolved_config.hpp"

#include <string>

namespace taps::host {

std::string config_to_toml(const ResolvedConfig& config);

}  // namespace taps::host
