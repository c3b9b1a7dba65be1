#include "generated_data.hpp"

#include "text_generator.hpp"

#include <taps/error.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace taps::mapreduce {

namespace fs = std::filesystem;

void GeneratedData::check_target(const fs::path& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) return;
  if (!fs::is_directory(dir, error) || !fs::is_empty(dir, error)) {
    throw Error("ConfigError",
                "data_dir '" + dir.string() +
                    "' is not empty: with generate = true the app writes its files only into a new or empty "
                    "directory (and removes them afterwards), so it never mixes them with, or deletes, yours",
                TAPS_INVALID_ARGUMENT);
  }
}

GeneratedData::GeneratedData(const fs::path& dir, std::uint64_t seed, std::uint64_t files, std::uint64_t words) {
  check_target(dir);
  fs::path absolute = fs::absolute(dir).lexically_normal();
  if (!absolute.has_filename()) absolute = absolute.parent_path();  // "data/" names "data"
  for (fs::path p = absolute; !fs::exists(p); p = p.parent_path()) created_dirs_.push_back(p);
  try {
    fs::create_directories(absolute);
    for (std::uint64_t i = 0; i < files; ++i) {
      files_.push_back(absolute / generated_file_name(i));
      std::ofstream out(files_.back(), std::ios::binary);
      out << generate_text(seed, i, words);
      out.close();
      if (!out) throw Error("AppError", "cannot write '" + files_.back().string() + "': " + std::strerror(errno));
    }
  } catch (...) {
    remove_what_was_made();
    throw;
  }
}

GeneratedData::~GeneratedData() { remove_what_was_made(); }

void GeneratedData::remove_what_was_made() noexcept {
  // Never remove_all: only what this object made, and a directory only
  // once it is empty again.
  std::error_code ignored;
  for (const auto& file : files_) fs::remove(file, ignored);
  for (const auto& dir : created_dirs_) fs::remove(dir, ignored);
}

}  // namespace taps::mapreduce
