#include "run/logger_start.hpp"

#include "plugins/logger_list.hpp"
#include "run/plugin_start.hpp"

namespace taps::host {

std::vector<PluginInstance> start_loggers(const ResolvedConfig& config, const HostServices& services) {
  std::vector<PluginInstance> loggers;
  const ResolvedSection* resolved = config.section(Section::logger);
  if (resolved == nullptr || resolved->plugin == nullptr) return loggers;
  for (const PluginRecord* logger : listed_loggers(*resolved->plugin)) {
    ResolvedSection own{Section::logger, logger, {}};
    for (const auto& option : resolved->options) {
      if (logger->find_option(option.key) != nullptr) own.options.push_back(option);
    }
    loggers.push_back(start_plugin(own, services));
  }
  return loggers;
}

}  // namespace taps::host
