// base_options.hpp — the base app's options, as the JSON object the app
// loader takes: the keys of `config_file` (if given), overridden by those of
// the `config` table.
//
// `config_file` is TOML or JSON (by its extension: .json is JSON, anything
// else TOML). Its top-level keys are the base app's options; or, to reuse a
// taps config file such as a run's config.toml, its [app] table is, whose
// `name` (if any) must be the base app.
#pragma once

#include <string>

namespace taps::failures {

/// Throws taps::Error (ConfigError) naming the file and what is wrong.
std::string base_options_json(const std::string& base, const std::string& config_table_json,
                              const std::string& config_file);

}  // namespace taps::failures
