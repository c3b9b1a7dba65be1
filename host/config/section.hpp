// section.hpp — the tables of a taps configuration.
//
// A configuration has one table per selected plugin and two of the host's
// own. Each has the same name in a TOML file and on the command line:
//
//   [app]              --app NAME               --app.KEY V
//   [engine.executor]  --engine.executor NAME   --engine.executor.KEY V
//   [engine.transformer], [engine.filter], [engine.logger]   likewise
//   [logging]          --logging.level L        --logging.file-level L
//   [run]              --run.dir-format FMT
//
// A plugin table's `name` selects the plugin; its other keys are the
// plugin's options. The host's tables have a fixed schema, declared below in
// the same form as a plugin's, so one validator serves both.
#pragma once

#include <taps/taps.h>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace taps::host {

enum class Section { app, executor, transformer, filter, logger, logging, run };

struct SectionInfo {
  Section id;
  /// Dotted table name, also the command-line prefix: "engine.executor".
  std::string_view table;
  /// The plugin kind it selects; 0 for the host's own tables.
  taps_plugin_kind kind;
  /// The plugin used when nothing selects one; nullptr for none.
  const char* default_plugin;
  /// Whether "none" may deselect the plugin (transformer, filter, logger).
  bool optional;
};

/// Every section, in the order of a written config file.
const std::array<SectionInfo, 7>& all_sections();
const SectionInfo& section_info(Section section);
/// The section a dotted table name spells, if any.
std::optional<Section> section_for_table(std::string_view table);

/// True for the sections that select a plugin.
inline bool selects_plugin(Section section) { return section != Section::logging && section != Section::run; }

/// The fixed schema of [logging] and [run]; empty for plugin sections.
std::span<const taps_option_desc> host_options(Section section);

/// The value that deselects an optional plugin.
inline constexpr std::string_view no_plugin = "none";

/// The key of a plugin table that selects the plugin.
inline constexpr std::string_view plugin_name_key = "name";

}  // namespace taps::host
