#include "plugins/logger_list.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace taps::host {

namespace {

struct LoggerList {
  PluginRecord record;
  std::vector<const PluginRecord*> members;
};

// Every list built in this process, by its normalized name. Records must
// stay put: the resolved configuration points at them.
std::mutex lists_mutex;
std::map<std::string, LoggerList, std::less<>> lists;

std::vector<std::string> split(std::string_view names) {
  std::vector<std::string> out;
  while (true) {
    const auto comma = names.find(',');
    std::string_view part = names.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end()) out.emplace_back(part);
    if (comma == std::string_view::npos) return out;
    names.remove_prefix(comma + 1);
  }
}

}  // namespace

bool is_logger_list(std::string_view name) { return name.find(',') != std::string_view::npos; }

const PluginRecord* logger_list(const PluginRegistry& registry, std::string_view names) {
  LoggerList list;
  std::string name, version, files;
  for (const auto& member_name : split(names)) {
    const PluginRecord* member = registry.find(TAPS_KIND_LOGGER, member_name);
    if (member == nullptr) return nullptr;
    list.members.push_back(member);
    const auto sep = name.empty() ? "" : ",";
    name += sep + member->name;
    version += (version.empty() ? "" : ", ") + member->name + " " + member->version;
    files += (files.empty() ? "" : ", ") + member->file.string();
    for (const auto* option : member->options) {
      if (list.record.find_option(option->key) == nullptr) list.record.options.push_back(option);
    }
  }
  if (list.members.empty()) return nullptr;
  std::lock_guard lock(lists_mutex);
  if (const auto it = lists.find(name); it != lists.end()) return &it->second.record;
  list.record.kind = TAPS_KIND_LOGGER;
  list.record.name = name;
  list.record.version = version;
  list.record.description = "Record loggers: " + name;
  list.record.file = files;
  list.record.abi_major = list.members.front()->abi_major;
  list.record.abi_minor = list.members.front()->abi_minor;
  for (const auto* member : list.members) list.record.abi_minor = std::min(list.record.abi_minor, member->abi_minor);
  return &lists.emplace(name, std::move(list)).first->second.record;
}

std::vector<const PluginRecord*> listed_loggers(const PluginRecord& record) {
  std::lock_guard lock(lists_mutex);
  for (const auto& [name, list] : lists) {
    if (&list.record == &record) return list.members;
  }
  return {&record};
}

}  // namespace taps::host
