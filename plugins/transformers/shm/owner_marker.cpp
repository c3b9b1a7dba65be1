#include "owner_marker.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <fstream>
#include <sstream>

namespace taps::shm {

namespace {

std::optional<unsigned long long> start_ticks_of(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // The command name (field 2) may hold spaces and parentheses: fields are
  // counted from the last ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 > line.size()) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  for (int i = 3; i < 22; ++i) fields >> field;  // fields 3..21
  unsigned long long ticks = 0;
  if (!(fields >> ticks)) return std::nullopt;
  return ticks;
}

std::string own_pid_namespace() {
  char target[PATH_MAX];
  const ssize_t n = readlink("/proc/self/ns/pid", target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string("unknown");
}

}  // namespace

OwnerMarker this_process_as_owner(const std::string& run_dir) {
  OwnerMarker marker;
  marker.pid = static_cast<long>(getpid());
  marker.start_ticks = start_ticks_of(marker.pid).value_or(0);
  marker.pid_namespace = own_pid_namespace();
  marker.run_dir = run_dir;
  return marker;
}

std::string marker_text(const OwnerMarker& marker) {
  std::ostringstream text;
  text << "taps shm owner 1\n"
       << "pid " << marker.pid << "\n"
       << "start " << marker.start_ticks << "\n"
       << "pidns " << marker.pid_namespace << "\n"
       << "run_dir " << marker.run_dir << "\n"
       << "end\n";
  return text.str();
}

std::optional<OwnerMarker> parse_marker(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "taps shm owner 1") return std::nullopt;
  OwnerMarker marker;
  bool ended = false;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    const std::string key = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    try {
      if (key == "pid") marker.pid = std::stol(value);
      if (key == "start") marker.start_ticks = std::stoull(value);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (key == "pidns") marker.pid_namespace = value;
    if (key == "run_dir") marker.run_dir = value;
    if (key == "end") ended = true;
  }
  if (!ended || marker.pid <= 0) return std::nullopt;
  return marker;
}

OwnerState owner_state(const OwnerMarker& marker) {
  if (marker.pid_namespace != own_pid_namespace()) return OwnerState::unknown;
  if (kill(static_cast<pid_t>(marker.pid), 0) != 0 && errno == ESRCH) return OwnerState::gone;
  const auto ticks = start_ticks_of(marker.pid);
  if (!ticks) return OwnerState::gone;  // exited between the two checks
  return *ticks == marker.start_ticks ? OwnerState::alive : OwnerState::gone;  // else: a reused pid
}

}  // namespace taps::shm
