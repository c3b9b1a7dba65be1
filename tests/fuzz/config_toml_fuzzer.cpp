// A --config file's bytes through the TOML layer: parsing, the [engine]
// tables, every value form, and resolution against the host's own options.
// Anything wrong must be a ConfigError with a message, never a crash.
#include "config/config_error.hpp"
#include "config/config_file.hpp"
#include "config/resolved_config.hpp"
#include "plugins/registry.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const taps::host::PluginRegistry no_plugins({});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto layer = taps::host::parse_config_text(text, "fuzz.toml");
    (void)taps::host::resolve_config({layer}, no_plugins);
  } catch (const taps::host::ConfigError&) {
  }
  return 0;
}
