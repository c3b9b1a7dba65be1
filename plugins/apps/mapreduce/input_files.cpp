#include "input_files.hpp"

#include <taps/error.hpp>

#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <system_error>

namespace taps::mapreduce {

std::vector<InputFile> find_input_files(const std::filesystem::path& dir, const std::string& glob) {
  std::vector<InputFile> files;
  std::error_code error;
  std::filesystem::recursive_directory_iterator it(dir, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    if (fnmatch(glob.c_str(), it->path().filename().c_str(), 0) != 0) continue;
    files.push_back({it->path(), it->file_size()});
  }
  if (error) throw Error("DataError", "cannot read data_dir '" + dir.string() + "': " + error.message());
  std::sort(files.begin(), files.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  return files;
}

std::uint64_t total_bytes(const std::vector<InputFile>& files) {
  std::uint64_t total = 0;
  for (const auto& f : files) total += f.size;
  return total;
}

void read_range(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length, char* out) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(out, static_cast<std::streamsize>(length));
  if (!in) {
    throw Error("DataError", "cannot read bytes " + std::to_string(offset) + "-" + std::to_string(offset + length) +
                                 " of '" + path.string() + "' (was it changed or removed since it was listed?)");
  }
}

}  // namespace taps::mapreduce
