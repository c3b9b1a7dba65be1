// plugin_path.hpp — where taps-host looks for plugin libraries.
//
// In priority order (the first directory holding a kind+name wins):
//   1. every --plugin-path DIR, in the order given;
//   2. the entries of TAPS_PLUGIN_PATH (colon-separated);
//   3. <dir of the executable>/../plugins          (the build tree: build/bin, build/plugins);
//   4. <dir of the executable>/../lib/taps/plugins (an installed prefix), and
//      the install's own plugin directory when CMAKE_INSTALL_LIBDIR differs
//      (lib/x86_64-linux-gnu/taps/plugins under /usr on Debian).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace taps::host {

struct PluginDirectory {
  std::filesystem::path path;
  /// Where the entry came from: "--plugin-path", "TAPS_PLUGIN_PATH" or "default".
  std::string origin;
  /// Named by the user, so a missing directory is worth reporting; the
  /// defaults may legitimately not exist.
  bool explicit_entry = false;
};

/// The search path from its three sources. Duplicates (the same directory
/// reached twice) are kept once, at their first position.
std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& cli_dirs,
                                                const std::optional<std::string>& env_value,
                                                const std::filesystem::path& executable_dir);

/// The search path of this process: TAPS_PLUGIN_PATH from the environment
/// and the directory of the running executable.
std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& cli_dirs);

/// The running executable (absolute), and the directory holding it.
std::filesystem::path executable_path();
std::filesystem::path executable_directory();

}  // namespace taps::host
