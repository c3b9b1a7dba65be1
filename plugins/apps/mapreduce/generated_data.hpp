// generated_data.hpp — the random input a run writes for itself (generate =
// true) and removes afterwards.
//
// It writes only into a directory that does not exist yet or is empty, and
// removes exactly what it made: its files, and the directories it had to
// create. A directory that held anything before is never touched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace taps::mapreduce {

class GeneratedData {
 public:
  /// Throws a ConfigError unless `dir` is missing or an empty directory.
  static void check_target(const std::filesystem::path& dir);

  /// Creates `dir` if needed and writes the files into it.
  GeneratedData(const std::filesystem::path& dir, std::uint64_t seed, std::uint64_t files, std::uint64_t words);
  GeneratedData(const GeneratedData&) = delete;
  GeneratedData& operator=(const GeneratedData&) = delete;
  /// Removes the files and the directories it created, if they are empty.
  ~GeneratedData();

 private:
  void remove_what_was_made() noexcept;

  std::vector<std::filesystem::path> created_dirs_;  // the deepest first
  std::vector<std::filesystem::path> files_;
};

}  // namespace taps::mapreduce
