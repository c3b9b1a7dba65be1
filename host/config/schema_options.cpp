#include "config/schema_options.hpp"

#include "config/command_line_error.hpp"
#include "config/config_error.hpp"
#include "config/option_value.hpp"
#include "config/reference_spellings.hpp"
#include "plugins/option_key.hpp"
#include "plugins/plugin_kind.hpp"

#include <fmt/format.h>
#include <boost/make_shared.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace po = boost::program_options;

namespace taps::host {

namespace {

constexpr unsigned help_width = 100;

// No abbreviations: "--engine.exec" must not silently mean
// "--engine.executor", and "--app" must never be a prefix of "--app.x".
constexpr int parser_style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

// Where a command-line option goes in the configuration.
struct Target {
  Section section;
  std::string key;  // empty: the table's plugin selection
};

// The reference's short forms of the selections (taps/run/parse.py).
std::string long_form(const std::string& name) {
  for (const char* kind : {"executor", "transformer", "filter"}) {
    if (name == std::string("--") + kind) return std::string("--engine.") + kind;
  }
  return name;
}

// Both spellings are accepted by registering the '-' one and rewriting the
// names of the options given ("--app.task_count=5" -> "--app.task-count=5").
// Values are left alone.
std::vector<std::string> normalized(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& arg : args) {
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      out.push_back(arg);
      continue;
    }
    const auto end = std::min(arg.find('='), arg.size());
    out.push_back(long_form(cli_key(arg.substr(0, end))) + arg.substr(end));
  }
  return out;
}

po::options_description general_options() {
  po::options_description general("General options", help_width);
  general.add_options()                                                                                   //
      ("help,h", po::bool_switch(), "Show this help; with --app or --engine.* NAME also their options.")  //
      ("config,c", po::value<std::vector<std::string>>()->multitoken()->composing()->value_name("FILE..."),
       "TOML config files, merged in order (later wins); the command line wins over all of them.")  //
      ("plugin-path", po::value<std::vector<std::string>>()->composing()->value_name("DIR"),
       "Also look for plugins in DIR (repeatable; searched before TAPS_PLUGIN_PATH and the defaults).");
  return general;
}

std::string selection_help(const SectionInfo& info) {
  std::string text = fmt::format("The {} to use", kind_name(info.kind));
  if (info.default_plugin != nullptr) text += fmt::format(" (default: {})", info.default_plugin);
  if (info.optional) text += fmt::format("; '{}' for no {}", no_plugin, kind_name(info.kind));
  return text + ".";
}

po::options_description selection_options() {
  po::options_description selection("Plugin selection", help_width);
  for (const auto& info : all_sections()) {
    if (!selects_plugin(info.id)) continue;
    selection.add(boost::make_shared<po::option_description>(
        std::string(info.table).c_str(), po::value<std::string>()->value_name("NAME"), selection_help(info).c_str()));
  }
  return selection;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// Adds "--<table>.<key>" for every option of a schema.
void add_schema(po::options_description& description, Section section,
                const std::vector<const taps_option_desc*>& schema, std::map<std::string, Target>* targets) {
  const auto& table = section_info(section).table;
  for (const auto* option : schema) {
    const std::string name = fmt::format("{}.{}", table, cli_key(option->key));
    description.add(boost::make_shared<po::option_description>(
        name.c_str(), po::value<std::string>()->value_name(upper(type_name(option->type))),
        option_summary(*option, false).c_str()));
    if (targets != nullptr) (*targets)[name] = Target{section, option->key};
  }
}

// The reference's spellings of the plugin's options ("--engine.executor.
// max-processes"), parsed like ours and translated when the configuration
// is resolved; not shown in the help.
void add_reference_spellings(po::options_description& description, Section section, const PluginRecord& plugin,
                             std::map<std::string, Target>& targets) {
  const auto& table = section_info(section).table;
  for (const auto& entry : reference_spellings()) {
    if (entry.section != section || plugin.find_option(entry.key) != nullptr) continue;
    if (find_reference_spelling(section, plugin, entry.key) != &entry) continue;
    const std::string name = fmt::format("{}.{}", table, cli_key(entry.key));
    if (targets.count(name) != 0) continue;
    description.add(boost::make_shared<po::option_description>(name.c_str(), po::value<std::string>(), ""));
    targets[name] = Target{section, std::string(entry.key)};
  }
}

std::vector<const taps_option_desc*> host_schema(Section section) {
  std::vector<const taps_option_desc*> schema;
  for (const auto& option : host_options(section)) schema.push_back(&option);
  return schema;
}

po::options_description host_settings(std::map<std::string, Target>* targets) {
  po::options_description settings("Logging and run directory", help_width);
  add_schema(settings, Section::logging, host_schema(Section::logging), targets);
  add_schema(settings, Section::run, host_schema(Section::run), targets);
  if (targets != nullptr) {
    // The reference's [engine] task_record_file_name: the record logger's
    // file (reference_spellings.hpp), not shown in the help.
    const std::string name = "engine.task-record-file-name";
    settings.add(boost::make_shared<po::option_description>(name.c_str(), po::value<std::string>(), ""));
    (*targets)[name] = Target{Section::logger, "task_record_file_name"};
  }
  return settings;
}

std::string plugin_caption(const PluginRecord& plugin) {
  return fmt::format("Options of {} {} ({})", plugin.label(), plugin.version,
                     plugin.description.empty() ? plugin.file.filename().string() : plugin.description);
}

// Explains an option Program_options did not know, in terms of the schemas.
std::string unknown_option_message(const std::string& given, const SelectedPlugins& selected) {
  std::string name = given.rfind("--", 0) == 0 ? given.substr(2) : given;
  for (const auto& info : all_sections()) {
    const std::string prefix = std::string(info.table) + ".";
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string key = name.substr(prefix.size());
    std::vector<const taps_option_desc*> schema;
    std::string owner;
    if (selects_plugin(info.id)) {
      auto it = selected.find(info.id);
      if (it == selected.end() || it->second == nullptr) {
        return fmt::format("--{}: no {} is selected, so it has no options; select one with --{} NAME", name,
                           kind_name(info.kind), info.table);
      }
      schema = it->second->options;
      owner = it->second->label();
    } else {
      schema = host_schema(info.id);
      owner = fmt::format("the [{}] table", info.table);
    }
    std::string names;
    for (const auto* option : schema)
      names += fmt::format("{}--{}.{}", names.empty() ? "" : ", ", info.table, cli_key(option->key));
    return fmt::format("--{}: {} has no option '{}'; {}", name, owner, key,
                       names.empty() ? "it has no options" : "its options are: " + names);
  }
  return fmt::format("unknown option '{}'; see taps-host run --help", given);
}

}  // namespace

std::string option_summary(const taps_option_desc& option, bool with_type) {
  std::string text = with_type ? type_name(option.type) + ", " : std::string();
  if ((option.flags & TAPS_OPTION_REQUIRED) != 0) {
    text += "required";
  } else if (option.default_value != nullptr) {
    text += fmt::format("default {}", *option.default_value == '\0' ? "\"\"" : option.default_value);
  } else {
    text += "unset by default";
  }
  const std::string allowed = allowed_values(option);
  // The bare type says it already for these.
  if (allowed != "a string" && allowed != "an integer" && allowed != "a number" && allowed != "true or false" &&
      option.type != TAPS_OPTION_TABLE) {
    text += ", " + allowed;
  }
  if (option.unit != nullptr && *option.unit != '\0') text += fmt::format(" [{}]", option.unit);
  if (option.description != nullptr && *option.description != '\0') text += fmt::format(". {}", option.description);
  return text;
}

RunSelection parse_run_selection(const std::vector<std::string>& args) {
  po::options_description known;
  known.add(general_options()).add(selection_options());
  po::variables_map vm;
  try {
    auto parsed =
        po::command_line_parser(normalized(args)).options(known).style(parser_style).allow_unregistered().run();
    po::store(parsed, vm);
  } catch (const po::error& e) {
    throw command_line_error(e, args);
  }

  RunSelection selection;
  selection.help = vm["help"].as<bool>();
  if (vm.count("config") != 0) selection.config_files = vm["config"].as<std::vector<std::string>>();
  if (vm.count("plugin-path") != 0) selection.plugin_paths = vm["plugin-path"].as<std::vector<std::string>>();
  selection.names.source = "the command line";
  for (const auto& info : all_sections()) {
    const std::string table(info.table);
    if (selects_plugin(info.id) && vm.count(table) != 0) {
      auto& values = selection.names.sections[info.id];
      values.plugin = vm[table].as<std::string>();
      values.plugin_origin = "--" + table;
    }
  }
  return selection;
}

ConfigLayer parse_run_command_line(const std::vector<std::string>& args, const SelectedPlugins& selected) {
  std::map<std::string, Target> targets;
  po::options_description known;
  known.add(general_options()).add(selection_options()).add(host_settings(&targets));
  for (const auto& [section, plugin] : selected) {
    if (plugin == nullptr) continue;
    po::options_description options(plugin_caption(*plugin), help_width);
    add_schema(options, section, plugin->options, &targets);
    add_reference_spellings(options, section, *plugin, targets);
    known.add(options);
  }
  for (const auto& info : all_sections()) {
    if (selects_plugin(info.id)) targets[std::string(info.table)] = Target{info.id, {}};
  }

  po::variables_map vm;
  try {
    auto parsed = po::command_line_parser(normalized(args)).options(known).style(parser_style).run();
    // Program_options keeps arguments that belong to no option as
    // positional ones, which `run` has none of.
    for (const auto& option : parsed.options) {
      if (option.position_key >= 0 && !option.value.empty()) {
        throw ConfigError(fmt::format("command line: unexpected argument '{}'; options take the form --name VALUE",
                                      option.value.front()));
      }
    }
    po::store(parsed, vm);
  } catch (const po::unknown_option& e) {
    throw ConfigError(unknown_option_message(e.get_option_name(), selected));
  } catch (const po::error& e) {
    throw command_line_error(e, args);
  }

  ConfigLayer layer;
  layer.source = "the command line";
  for (const auto& [name, target] : targets) {
    if (vm.count(name) == 0) continue;
    auto& values = layer.sections[target.section];
    const std::string text = vm[name].as<std::string>();
    if (target.key.empty()) {
      values.plugin = text;
      values.plugin_origin = "--" + name;
    } else {
      values.values[normalize_key(target.key)] = RawValue::of_text(text, "--" + name, true);
    }
  }
  return layer;
}

std::string run_help(const SelectedPlugins& selected) {
  po::options_description all(help_width);
  all.add(general_options()).add(selection_options()).add(host_settings(nullptr));
  std::ostringstream out;
  out << "Usage: taps-host [--plugin-path DIR]... run [--config FILE...] --app NAME [options]\n\n"
         "Runs one app on the selected executor. Options of a plugin appear below once it is selected\n"
         "(e.g. taps-host run --app synthetic --help). Keys take '-' or '_'.\n\n"
      << all;
  bool any_plugin = false;
  for (const auto& info : all_sections()) {
    auto it = selected.find(info.id);
    if (it == selected.end() || it->second == nullptr) continue;
    any_plugin = true;
    po::options_description options(plugin_caption(*it->second), help_width);
    add_schema(options, info.id, it->second->options, nullptr);
    if (it->second->options.empty()) {
      out << "\n" << plugin_caption(*it->second) << ":\n  (no options)\n";
    } else {
      out << "\n" << options;
    }
  }
  if (!any_plugin) out << "\nSelect plugins to see their options; taps-host list shows what is installed.\n";
  return out.str();
}

}  // namespace taps::host
