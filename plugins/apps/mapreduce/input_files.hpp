// input_files.hpp — the text files a run reads: every regular file under the
// data directory, at any depth, whose name matches a glob.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::mapreduce {

struct InputFile {
  std::filesystem::path path;
  std::uint64_t size;
};

/// The files under `dir` whose file name (not path) matches `glob` (fnmatch
/// syntax: *, ?, [...]), sorted by path so that runs are reproducible.
/// Throws a DataError when `dir` cannot be read.
std::vector<InputFile> find_input_files(const std::filesystem::path& dir, const std::string& glob);

/// The sum of the files' sizes.
std::uint64_t total_bytes(const std::vector<InputFile>& files);

/// Reads bytes [offset, offset + length) of the file at `path` into `out`.
/// Throws a DataError when they cannot all be read (the file was changed,
/// truncated or removed since it was listed).
void read_range(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length, char* out);

}  // namespace taps::mapreduce
