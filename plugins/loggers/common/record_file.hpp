// record_file.hpp — where a logger writes: a relative file name is inside
// the run directory.
#pragma once

#include <taps/host.hpp>
#include <taps/taps.h>

#include <filesystem>
#include <string>

namespace taps::loggers {

inline std::filesystem::path record_file(const Host& host, const std::string& file_name) {
  std::filesystem::path path(file_name);
  if (path.is_absolute()) return path;
  const auto* run = host.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  if (run != nullptr && run->run_dir != nullptr) return std::filesystem::path(run->run_dir) / path;
  return std::filesystem::absolute(path);
}

}  // namespace taps::loggers
