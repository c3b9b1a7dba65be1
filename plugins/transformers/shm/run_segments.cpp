#include "run_segments.hpp"

#include "owner_marker.hpp"
#include "segment_names.hpp"

#include <sys/mman.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace taps::shm {

namespace fs = std::filesystem;

namespace {

struct RunFiles {
  std::vector<std::string> objects;  // file names in /dev/shm
  bool has_marker = false;
  fs::file_time_type newest{};
};

std::map<std::string, RunFiles> taps_segments() {
  std::map<std::string, RunFiles> runs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(segment_directory, ec)) {
    const std::string name = entry.path().filename().string();
    const auto run_id = run_id_of_file(name);
    if (!run_id) continue;
    RunFiles& run = runs[*run_id];
    if ("/" + name == owner_segment(*run_id)) {
      run.has_marker = true;
    } else {
      run.objects.push_back(name);
    }
    std::error_code time_ec;
    const auto written = entry.last_write_time(time_ec);
    if (!time_ec && written > run.newest) run.newest = written;
  }
  return runs;
}

std::size_t unlink_all(const std::string& run_id, const RunFiles& files) {
  std::size_t removed = 0;
  for (const auto& name : files.objects) {
    if (shm_unlink(("/" + name).c_str()) == 0) ++removed;
  }
  if (files.has_marker && shm_unlink(owner_segment(run_id).c_str()) == 0) ++removed;
  return removed;
}

std::string read_marker(const std::string& run_id) {
  std::ifstream in(std::string(segment_directory) + owner_segment(run_id));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::size_t remove_run_segments(const std::string& run_id) {
  auto runs = taps_segments();
  auto it = runs.find(run_id);
  if (it == runs.end()) return 0;
  // The marker goes last in any case, even if it was not listed yet.
  it->second.has_marker = true;
  return unlink_all(run_id, it->second);
}

std::vector<AbandonedRun> remove_abandoned_runs(const std::string& own_run_id, double grace_seconds) {
  std::vector<AbandonedRun> removed;
  const auto now = fs::file_time_type::clock::now();
  const auto grace = std::chrono::duration_cast<fs::file_time_type::duration>(std::chrono::duration<double>(grace_seconds));
  for (const auto& [run_id, files] : taps_segments()) {
    if (run_id == own_run_id) continue;
    std::string reason;
    if (files.has_marker) {
      const auto marker = parse_marker(read_marker(run_id));
      if (!marker) {
        if (now - files.newest < grace) continue;  // being written right now
        reason = "its owner marker is unreadable";
      } else {
        const OwnerState state = owner_state(*marker);
        if (state != OwnerState::gone) continue;
        reason = "owner pid " + std::to_string(marker->pid) + " is gone (run directory " + marker->run_dir + ")";
      }
    } else {
      if (now - files.newest < grace) continue;
      reason = "it has no owner marker";
    }
    removed.push_back({run_id, reason, unlink_all(run_id, files)});
  }
  return removed;
}

}  // namespace taps::shm
