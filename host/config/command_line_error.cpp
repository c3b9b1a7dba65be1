#include "config/command_line_error.hpp"

#include <fmt/format.h>
#include <boost/program_options/errors.hpp>

#include <string_view>

namespace taps::host {

ConfigError command_line_error(const boost::program_options::error& error, const std::vector<std::string>& args) {
  static constexpr std::string_view placeholders[] = {"%option%", "%canonical_option%", "%prefix_option%",
                                                      "%original_token%", "%value%"};
  for (const auto& arg : args) {
    for (const auto placeholder : placeholders) {
      if (arg.find(placeholder) != std::string::npos) {
        return ConfigError(fmt::format("command line: cannot parse the argument '{}'", arg));
      }
    }
  }
  return ConfigError(std::string("command line: ") + error.what());
}

}  // namespace taps::host
