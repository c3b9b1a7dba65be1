// command_line_error.hpp — a Boost.Program_options error as a ConfigError.
#pragma once

#include "config/config_error.hpp"

#include <string>
#include <vector>

namespace boost::program_options {
class error;
}

namespace taps::host {

/// "command line: " and the library's message. Program_options 1.74
/// replaces its placeholders ("%option%", "%value%", ...) in what() until
/// none is left, so an error about an argument that itself holds one never
/// returns (found by fuzz_config_cli); such an argument of `args` gets our
/// own message instead of the library's. Every parse of a command line with
/// Program_options reports its errors through this.
ConfigError command_line_error(const boost::program_options::error& error, const std::vector<std::string>& args);

}  // namespace taps::host
