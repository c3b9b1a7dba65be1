// path_options.hpp — options that name a file or directory the user has
// (a data folder, a receptor file), as opposed to names inside the run
// directory (log and record files, montage's output_dir).
//
// A relative path in a config file means what it says from the working
// directory when it exists there, else from the config file's own
// directory (a folder of configs next to their data runs from anywhere);
// on the command line, from the working directory. Either way the value
// becomes absolute, so the run's config.toml replays from anywhere.
//
// Plugins do not declare which options are paths (the C ABI has no such
// flag), so the host keeps this table for the plugins of this project.
#pragma once

#include "config/option_value.hpp"
#include "config/section.hpp"
#include "plugins/registry.hpp"

#include <span>
#include <string_view>

namespace taps::host {

struct PathOption {
  Section section;
  std::string_view plugin;
  std::string_view key;
};

/// Every entry, for the documentation and the tests.
std::span<const PathOption> path_options();

/// Whether `key` (snake_case) of `plugin` names a user's file or directory.
bool is_path_option(Section section, const PluginRecord& plugin, std::string_view key);

/// `value` with a relative path made absolute as described above; other
/// values (empty, absolute, not text) unchanged.
RawValue absolute_path_value(const RawValue& value);

}  // namespace taps::host
