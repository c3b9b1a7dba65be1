#include "private_directory.hpp"

#include <taps/error.hpp>

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace taps::docking {

namespace fs = std::filesystem;

PrivateDirectory::PrivateDirectory(const std::string& purpose) {
  std::string pattern = (fs::temp_directory_path() / ("taps-" + purpose + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error("OSError", "cannot create a temporary directory " + pattern + ": " + std::strerror(errno));
  }
  path_ = pattern;
}

PrivateDirectory::~PrivateDirectory() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path PrivateDirectory::write(const std::string& name, const std::string& text) const {
  const fs::path file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Error("OSError", "cannot write " + file.string() + ": " + std::strerror(errno));
  return file;
}

std::string PrivateDirectory::read(const std::string& name, const std::string& producer) const {
  std::ifstream in(path_ / name, std::ios::binary);
  if (!in) throw Error("ToolError", producer + " exited with status 0 but wrote no " + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace taps::docking
