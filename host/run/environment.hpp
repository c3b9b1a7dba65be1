// environment.hpp — environment.json: where and with what a run ran.
//
// The machine (host name, CPU model, logical cores, memory, OS), the
// software (taps version, SDK ABI, compiler, each selected plugin with its
// version, ABI and file), the start time and the command line. Together
// with config.toml it tells a reader of old results what produced them.
#pragma once

#include "config/resolved_config.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::host {

struct MachineInfo {
  std::string hostname;
  std::string cpu_model;                 // "model name" of /proc/cpuinfo; "" if unknown
  unsigned logical_cores = 0;            // online logical CPUs
  std::uint64_t memory_total_bytes = 0;  // MemTotal of /proc/meminfo
  std::string os_name;                   // uname: sysname
  std::string os_release;                // release
  std::string os_version;                // version
  std::string machine;                   // x86_64, aarch64, ...
};

MachineInfo machine_info();

/// The JSON text of environment.json (pretty-printed).
std::string environment_json(const MachineInfo& machine, const ResolvedConfig& config,
                             const std::vector<std::string>& command_line, double start_time,
                             const std::filesystem::path& run_dir);

}  // namespace taps::host
