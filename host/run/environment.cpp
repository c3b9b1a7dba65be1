#include "run/environment.hpp"

#include "plugins/plugin_kind.hpp"
#include "run/run_info.hpp"

#include <taps/taps.h>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <string_view>

#ifndef TAPS_VERSION
#error "TAPS_VERSION must be defined by the build"
#endif

namespace taps::host {

namespace {

// The value of the first "key<spaces>: value" line of a /proc file.
std::string proc_field(const char* file, std::string_view key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (line.find_first_not_of(" \t", key.size()) != colon) continue;
    const auto start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? std::string() : line.substr(start);
  }
  return {};
}

std::string iso_time(double unix_seconds) {
  const auto seconds = static_cast<std::time_t>(std::floor(unix_seconds));
  const auto millis = static_cast<int>((unix_seconds - std::floor(unix_seconds)) * 1000.0);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[40];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &local);
  char zone[8];
  std::strftime(zone, sizeof(zone), "%z", &local);
  return fmt::format("{}.{:03d}{}", text, millis, zone);
}

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

}  // namespace

MachineInfo machine_info() {
  MachineInfo info;
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) == 0) info.hostname = host;
  info.cpu_model = proc_field("/proc/cpuinfo", "model name");
  if (info.cpu_model.empty()) info.cpu_model = proc_field("/proc/cpuinfo", "Model");  // some ARM kernels
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  info.logical_cores = cores > 0 ? static_cast<unsigned>(cores) : 0;
  // "MemTotal:       16318412 kB"
  const std::string mem = proc_field("/proc/meminfo", "MemTotal");
  if (!mem.empty()) info.memory_total_bytes = std::stoull(mem) * 1024;
  utsname uts{};
  if (uname(&uts) == 0) {
    info.os_name = uts.sysname;
    info.os_release = uts.release;
    info.os_version = uts.version;
    info.machine = uts.machine;
  }
  return info;
}

std::string environment_json(const MachineInfo& machine, const ResolvedConfig& config,
                             const std::vector<std::string>& command_line, double start_time,
                             const std::filesystem::path& run_dir) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "start_time", iso_time(start_time));
  w.Key("start_time_unix");
  w.Double(start_time);
  w.Key("command_line");
  w.StartArray();
  for (const auto& arg : command_line) w.String(arg.c_str(), static_cast<rapidjson::SizeType>(arg.size()));
  w.EndArray();
  field(w, "working_directory", std::filesystem::current_path().string());
  field(w, "run_dir", run_dir.string());
  // What names the run's stored objects (Redis keys, shm segments, payload
  // files): after a crash, tells whose they are.
  field(w, "run_id", run_id_of(run_dir));

  field(w, "hostname", machine.hostname);
  w.Key("cpu");
  w.StartObject();
  field(w, "model", machine.cpu_model);
  w.Key("logical_cores");
  w.Uint(machine.logical_cores);
  w.EndObject();
  w.Key("memory_total_bytes");
  w.Uint64(machine.memory_total_bytes);
  w.Key("os");
  w.StartObject();
  field(w, "name", machine.os_name);
  field(w, "release", machine.os_release);
  field(w, "version", machine.os_version);
  field(w, "machine", machine.machine);
  w.EndObject();

  field(w, "compiler", __VERSION__);
  field(w, "taps_version", TAPS_VERSION);
  field(w, "sdk_abi", fmt::format("{}.{}", TAPS_ABI_MAJOR, TAPS_ABI_MINOR));

  w.Key("plugins");
  w.StartArray();
  for (const auto& section : config.sections) {
    if (section.plugin == nullptr) continue;
    const auto& plugin = *section.plugin;
    w.StartObject();
    field(w, "kind", kind_name(plugin.kind));
    field(w, "name", plugin.name);
    field(w, "version", plugin.version);
    field(w, "abi", fmt::format("{}.{}", plugin.abi_major, plugin.abi_minor));
    field(w, "file", plugin.file.string());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace taps::host
