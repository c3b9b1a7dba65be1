// A `taps-host run` command line (the input split at NUL bytes into
// arguments) through both passes of the command-line layer. Anything wrong
// must be a ConfigError, never a crash.
#include "config/config_error.hpp"
#include "config/schema_options.hpp"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\0') {
      args.emplace_back();
    } else {
      args.back().push_back(static_cast<char>(data[i]));
    }
  }
  try {
    (void)taps::host::parse_run_selection(args);
    (void)taps::host::parse_run_command_line(args, {});
  } catch (const taps::host::ConfigError&) {
  }
  return 0;
}
