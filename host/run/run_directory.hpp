// run_directory.hpp — the directory that holds everything about one run.
//
//   auto dir = create_run_directory(expand_dir_format("runs/{name}_{executor}_{timestamp}",
//                                                     "synthetic", "thread-pool", std::time(nullptr)));
//   // runs/synthetic_thread-pool_2024-05-01-12-00-00, or ...-1, -2 if that exists
//
// Two runs never share a directory, also when they start in the same
// second: the directory is created with mkdir(2), which fails if it exists,
// and the next suffix is tried.
#pragma once

#include <ctime>
#include <filesystem>
#include <string>

namespace taps::host {

/// Substitutes {name} (the app; {app} works too), {executor} and {timestamp}
/// (YYYY-MM-DD-HH-MM-SS, local time) in `format`. Throws ConfigError for
/// any other {placeholder} or an empty result.
std::filesystem::path expand_dir_format(const std::string& format, const std::string& app, const std::string& executor,
                                        std::time_t start);

/// Creates `wanted` (and its parents), or `wanted-1`, `wanted-2`, ... when
/// it exists; returns the absolute path created. Throws std::system_error
/// when the directory cannot be created.
std::filesystem::path create_run_directory(const std::filesystem::path& wanted);

}  // namespace taps::host
