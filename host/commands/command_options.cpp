#include "commands/command_options.hpp"

#include "config/command_line_error.hpp"
#include "config/config_error.hpp"

#include <boost/program_options.hpp>

namespace po = boost::program_options;

namespace taps::host {

CommandOptions parse_command_options(const std::vector<std::string>& args, int max_positionals) {
  po::options_description options;
  options.add_options()("help,h", po::bool_switch())                       //
      ("plugin-path", po::value<std::vector<std::string>>()->composing())  //
      ("positional", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("positional", max_positionals);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
  } catch (const po::too_many_positional_options_error&) {
    throw ConfigError("too many arguments; see taps-host --help");
  } catch (const po::error& e) {
    throw command_line_error(e, args);
  }
  CommandOptions result;
  result.help = vm["help"].as<bool>();
  if (vm.count("plugin-path") != 0) result.plugin_paths = vm["plugin-path"].as<std::vector<std::string>>();
  if (vm.count("positional") != 0) result.positionals = vm["positional"].as<std::vector<std::string>>();
  return result;
}

std::vector<std::string> plugin_dirs(const CommandContext& context, const CommandOptions& options) {
  auto dirs = context.plugin_paths;
  dirs.insert(dirs.end(), options.plugin_paths.begin(), options.plugin_paths.end());
  return dirs;
}

}  // namespace taps::host
