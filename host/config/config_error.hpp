// config_error.hpp — a usage or configuration mistake of the user.
//
// Thrown for an unknown plugin or option, a bad value, an unreadable config
// file. taps-host reports it as one line and exits with status 2, before any
// run directory exists.
#pragma once

#include <stdexcept>
#include <string>

namespace taps::host {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace taps::host
