// registry.hpp — discovers, loads and checks plugin libraries.
//
//   PluginRegistry registry(plugin_search_path(cli_dirs));
//   const PluginRecord* executor = registry.find(TAPS_KIND_EXECUTOR, "thread-pool");
//   for (const auto& problem : registry.problems()) std::cerr << problem.to_string() << '\n';
//
// Every `*.so` of every directory on the search path is looked at. A library
// that cannot be used (another ABI major, no entry symbol, a struct smaller
// than ABI 1.0's, a dlopen failure) and a plugin whose kind+name an earlier
// library already provides become problems: reported, never fatal, never a
// crash. Loaded libraries stay loaded until the registry is destroyed, which
// is the end of the process: plugins' function pointers and strings are used
// until then.
#pragma once

#include "plugins/plugin_path.hpp"

#include <taps/taps.h>

#include <boost/dll/shared_library.hpp>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace taps::host {

/// One usable plugin: its descriptor and what the host read from it.
struct PluginRecord {
  const taps_plugin_descriptor* descriptor = nullptr;
  taps_plugin_kind kind = 0;
  std::string name;
  std::string version;
  std::string description;
  std::filesystem::path file;
  /// The ABI the library was built for (from its entry).
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  /// The schema, one pointer per option. Read with the plugin's own struct
  /// stride, so a plugin built for a newer minor (larger structs) works.
  std::vector<const taps_option_desc*> options;
  /// An app's task functions, likewise stride-corrected; empty otherwise.
  std::vector<const taps_function_desc*> functions;

  /// "executor 'thread-pool'", for messages.
  std::string label() const;
  /// The option with this key ('-' and '_' alike), or nullptr.
  const taps_option_desc* find_option(std::string_view key) const;
};

/// Something on the plugin path that could not be used, and why.
struct PluginProblem {
  std::filesystem::path file;
  std::string message;

  /// "<file>: <message>".
  std::string to_string() const;
};

class PluginRegistry {
 public:
  /// Scans every directory now.
  explicit PluginRegistry(std::vector<PluginDirectory> search_path);
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  const std::vector<PluginDirectory>& search_path() const { return search_path_; }
  /// Usable plugins in discovery order. Records are address-stable.
  const std::deque<PluginRecord>& plugins() const { return plugins_; }
  const std::vector<PluginProblem>& problems() const { return problems_; }

  const PluginRecord* find(taps_plugin_kind kind, std::string_view name) const;
  /// Plugins of any kind with this name (for `describe NAME`).
  std::vector<const PluginRecord*> find_by_name(std::string_view name) const;
  std::vector<const PluginRecord*> of_kind(taps_plugin_kind kind) const;

  /// Loads one more library, as a scan would but without reading the whole
  /// file first: for libraries this host's client already accepted and an
  /// executor delivered whole (the lean task process, taps-task), where that
  /// read would cost more than the task. Problems are recorded as usual.
  void load_delivered(const std::filesystem::path& file);

  /// A task function of an app plugin, or nullptr: the engine's resolver.
  const taps_function_desc* find_function(std::string_view app, std::string_view function) const;

 private:
  void scan_directory(const PluginDirectory& directory);
  void load_library(const std::filesystem::path& file, bool inspect_first = true);
  void add_plugins(const std::filesystem::path& file, const taps_plugin_entry& entry);
  void add_descriptor(const std::filesystem::path& file, const taps_plugin_entry& entry, std::uint32_t index);
  void problem(const std::filesystem::path& file, std::string message);

  std::vector<PluginDirectory> search_path_;
  std::vector<boost::dll::shared_library> libraries_;
  std::deque<PluginRecord> plugins_;
  std::vector<PluginProblem> problems_;
};

}  // namespace taps::host
