#include "plugins/plugin_path.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <cstdlib>
#include <set>
#include <system_error>

namespace taps::host {

namespace {

// Two spellings of one directory (a relative and an absolute one, a
// symlink) must not be scanned twice: every plugin would shadow itself.
std::string identity_of(const std::filesystem::path& dir) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec);
  auto identity = (ec ? dir : canonical).lexically_normal();
  // "a/" and "a" are one directory.
  if (!identity.has_filename() && identity.has_parent_path()) identity = identity.parent_path();
  return identity.string();
}

}  // namespace

std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& cli_dirs,
                                                const std::optional<std::string>& env_value,
                                                const std::filesystem::path& executable_dir) {
  std::vector<PluginDirectory> candidates;
  for (const auto& dir : cli_dirs) {
    if (!dir.empty()) candidates.push_back({dir, "--plugin-path", true});
  }
  if (env_value) {
    std::size_t start = 0;
    while (start <= env_value->size()) {
      std::size_t end = env_value->find(':', start);
      if (end == std::string::npos) end = env_value->size();
      // An empty entry ("a::b", a trailing ':') means nothing here, unlike
      // PATH where it means the current directory: plugins are not looked
      // up implicitly in the working directory.
      if (end > start) candidates.push_back({env_value->substr(start, end - start), "TAPS_PLUGIN_PATH", true});
      start = end + 1;
    }
  }
  if (!executable_dir.empty()) {
    const auto prefix = executable_dir.parent_path();
    candidates.push_back({prefix / "plugins", "default", false});
    candidates.push_back({prefix / "lib" / "taps" / "plugins", "default", false});
#ifdef TAPS_INSTALL_PLUGIN_DIR
    // Where `cmake --install` puts plugins, which on Debian's /usr is
    // lib/<multiarch>/taps/plugins (an absolute setting replaces the prefix).
    candidates.push_back({prefix / TAPS_INSTALL_PLUGIN_DIR, "default", false});
#endif
  }

  std::vector<PluginDirectory> result;
  std::set<std::string> seen;
  for (auto& candidate : candidates) {
    if (seen.insert(identity_of(candidate.path)).second) result.push_back(std::move(candidate));
  }
  return result;
}

std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& cli_dirs) {
  const char* env = std::getenv("TAPS_PLUGIN_PATH");
  return plugin_search_path(cli_dirs, env != nullptr ? std::optional<std::string>(env) : std::nullopt,
                            executable_directory());
}

std::filesystem::path executable_path() {
  boost::dll::fs::error_code ec;
  auto location = boost::dll::program_location(ec);
  return ec ? std::filesystem::path() : std::filesystem::path(location.string());
}

std::filesystem::path executable_directory() { return executable_path().parent_path(); }

}  // namespace taps::host
