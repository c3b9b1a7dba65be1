// private_directory.hpp — a temporary directory that belongs to one tool
// call and is removed with everything in it when the call is over.
#pragma once

#include <filesystem>
#include <string>

namespace taps::docking {

class PrivateDirectory {
 public:
  /// Creates $TMPDIR/taps-<purpose>-XXXXXX (mode 0700). Throws on failure.
  explicit PrivateDirectory(const std::string& purpose);
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;
  ~PrivateDirectory();

  const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to the file `name` inside; returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;
  /// Reads the file `name` inside; throws a ToolError naming `producer`
  /// when it does not exist (the tool did not write it).
  std::string read(const std::string& name, const std::string& producer) const;

 private:
  std::filesystem::path path_;
};

}  // namespace taps::docking
