// shm_naming.hpp — what tests check in /dev/shm: the segments of one run,
// named as the shm transformer names them.
#pragma once

#include "common/run_scope.hpp"
#include "transformers/shm/segment_names.hpp"

#include <sys/mman.h>

#include <filesystem>
#include <string>
#include <vector>

namespace taps::data_testing {

/// Files in /dev/shm that belong to the run in `run_dir`.
inline std::vector<std::string> shm_segments_of(const std::string& run_dir) {
  const std::string prefix = shm::run_prefix(transformers::run_id_of(run_dir));
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(shm::segment_directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) found.push_back(name);
  }
  return found;
}

/// Unlinks what a test left of a run in /dev/shm, however the test ended.
class ShmCleanup {
 public:
  explicit ShmCleanup(std::string run_dir) : run_dir_(std::move(run_dir)) {}
  ShmCleanup(const ShmCleanup&) = delete;
  ShmCleanup& operator=(const ShmCleanup&) = delete;
  ~ShmCleanup() {
    for (const auto& name : shm_segments_of(run_dir_)) shm_unlink(("/" + name).c_str());
  }

 private:
  std::string run_dir_;
};

}  // namespace taps::data_testing
