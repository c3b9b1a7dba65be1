// montage_tool.hpp — running one Montage program and reading its verdict.
//
// Every Montage 6 program prints one line `[struct stat="OK", key=value, ...]`
// or `[struct stat="ERROR", msg="..."]` on stdout. run_montage checks it: an
// ERROR (or a program that cannot start, dies, or prints no verdict) throws
// a MontageError carrying Montage's own message.
#pragma once

#include <taps/error.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace taps::montage {

/// The key=value fields of an OK verdict, values unquoted.
using ToolReport = std::map<std::string, std::string>;

/// Parses Montage's `[struct stat=..., ...]` line out of `output`. Throws a
/// MontageError naming `program` on stat="ERROR" or when no such line exists.
ToolReport parse_report(const std::string& program, const std::string& output);

/// Runs `program args...` (found on PATH), waits, and returns its verdict.
ToolReport run_montage(const std::string& program, const std::vector<std::string>& args);

/// A numeric field of a report; throws a MontageError when it is missing.
double report_number(const ToolReport& report, const std::string& program, const std::string& key);

/// A private temporary directory for one tool call, removed with everything
/// in it when the object goes out of scope.
class PrivateDir {
 public:
  PrivateDir();
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  ~PrivateDir();

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace taps::montage
