// The failures of a task that runs out of a resource: memory (RLIMIT_AS)
// and file descriptors (RLIMIT_NOFILE). Both change a limit of the whole
// process only briefly, and put it back before they raise.
#include "failure_actions.hpp"

#include <taps/error.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace taps::failures {

namespace {

constexpr std::int64_t mib = 1 << 20;
// Memory is taken in pieces of this size, each touched page by page.
constexpr std::size_t chunk_bytes = 8 * mib;
// Descriptors a ulimit task may open above those already open: enough to be
// a real exhaustion, few enough to be quick.
constexpr rlim_t descriptor_headroom = 64;

// One limit change at a time in a process: on an in-process executor two
// tasks would otherwise each restore what the other had lowered.
std::mutex& limits_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::string in_mib(std::int64_t bytes) { return std::to_string(bytes / mib) + " MiB"; }

// Lowers a soft limit for the lifetime of the object.
class LoweredLimit {
 public:
  LoweredLimit(int resource, rlim_t soft, const char* name) : resource_(resource) {
    if (getrlimit(resource, &saved_) != 0) {
      throw Error(injection_error, std::string("getrlimit(") + name + ") failed: " + std::strerror(errno));
    }
    rlimit lowered = saved_;
    lowered.rlim_cur = std::min(soft, saved_.rlim_max);
    if (saved_.rlim_cur != RLIM_INFINITY) lowered.rlim_cur = std::min(lowered.rlim_cur, saved_.rlim_cur);
    if (setrlimit(resource, &lowered) != 0) {
      throw Error(injection_error, std::string("setrlimit(") + name + ") failed: " + std::strerror(errno));
    }
    soft_ = lowered.rlim_cur;
  }
  LoweredLimit(const LoweredLimit&) = delete;
  LoweredLimit& operator=(const LoweredLimit&) = delete;
  ~LoweredLimit() { setrlimit(resource_, &saved_); }

  rlim_t soft() const { return soft_; }

 private:
  int resource_;
  rlimit saved_{};
  rlim_t soft_ = 0;
};

// Anonymous mappings, unmapped when it goes: the memory goes back to the
// system at once, unlike a heap that keeps its high-water mark.
class Mappings {
 public:
  Mappings() = default;
  Mappings(const Mappings&) = delete;
  Mappings& operator=(const Mappings&) = delete;
  ~Mappings() { release(); }

  /// Maps and touches one more chunk; false when the kernel refuses.
  bool grow() {
    void* p = mmap(nullptr, chunk_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
    std::memset(p, 0xA5, chunk_bytes);  // every page becomes real memory
    chunks_.push_back(p);
    return true;
  }
  std::int64_t bytes() const { return static_cast<std::int64_t>(chunks_.size() * chunk_bytes); }
  void release() {
    for (void* p : chunks_) munmap(p, chunk_bytes);
    chunks_.clear();
  }

 private:
  std::vector<void*> chunks_;
};

// The process's address space as the kernel counts it for RLIMIT_AS.
std::int64_t address_space_in_use() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages = 0;
  if (!(statm >> pages)) throw Error(injection_error, "cannot read /proc/self/statm");
  return pages * sysconf(_SC_PAGESIZE);
}

// MemAvailable of /proc/meminfo in bytes; 0 if unknown.
std::int64_t available_memory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::int64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

int highest_open_descriptor() {
  int highest = 2;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (const dirent* entry = readdir(dir)) {
      highest = std::max(highest, std::atoi(entry->d_name));
    }
    closedir(dir);
  }
  return highest;
}

}  // namespace

void exhaust_memory(const Injection& injection, const Host& log) {
  std::int64_t limit = injection.memory_limit;
  std::string lowered_note;
  // The machine is never at risk: even with a memory task on every hardware
  // thread at once, together they take at most half of what is free now.
  const std::int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  if (const std::int64_t share = available_memory() / (2 * threads); share > 0 && limit > share) {
    limit = share;
    lowered_note = " (memory_limit lowered to " + in_mib(share) +
                   ": half of the node's available memory, shared by its hardware threads)";
  }
  const bool inside_client = getpid() == injection.client_pid;
  std::lock_guard lock(limits_mutex());
  Mappings memory;
  if (inside_client) {
    while (memory.bytes() + static_cast<std::int64_t>(chunk_bytes) <= limit && memory.grow()) {
    }
    const std::int64_t touched = memory.bytes();
    memory.release();
    const bool reached = touched + static_cast<std::int64_t>(chunk_bytes) > limit;
    throw Error(raised_exception(FailureType::memory),
                in_place_of(injection) + (reached ? "the task reached its memory_limit of " + in_mib(limit)
                                                  : "allocation failed") +
                    " after touching " + in_mib(touched) + lowered_note +
                    "; inside taps-host the limit is the task's own budget, not RLIMIT_AS");
  }

  const std::int64_t in_use = address_space_in_use();
  std::int64_t touched = 0;
  rlim_t cap = 0;
  {
    LoweredLimit address_space(RLIMIT_AS, static_cast<rlim_t>(in_use + limit), "RLIMIT_AS");
    cap = address_space.soft();
    // The kernel should stop this at `limit`; stopping a little beyond it
    // ourselves means an unenforced limit can never take the machine.
    while (memory.bytes() <= limit && memory.grow()) {
    }
    touched = memory.bytes();
    memory.release();
  }
  if (touched > limit) {
    throw Error(injection_error, in_place_of(injection) + "RLIMIT_AS of " + in_mib(static_cast<std::int64_t>(cap)) +
                                     " did not stop the allocation at " + in_mib(touched));
  }
  log.info("memory: allocation failed after " + in_mib(touched) + "; limit restored");
  throw Error(raised_exception(FailureType::memory),
              in_place_of(injection) + "allocation failed after touching " + in_mib(touched) +
                  " with the address space limited (RLIMIT_AS) to " + in_mib(limit) + " above the " +
                  in_mib(in_use) + " the worker process used" + lowered_note);
}

void exhaust_file_descriptors(const Injection& injection, const Host& log) {
  std::lock_guard lock(limits_mutex());
  std::vector<int> opened;
  int error = 0;
  rlim_t limit = 0;
  {
    LoweredLimit descriptors(RLIMIT_NOFILE, static_cast<rlim_t>(highest_open_descriptor()) + 1 + descriptor_headroom,
                             "RLIMIT_NOFILE");
    limit = descriptors.soft();
    // Bounded, in case the limit is not enforced.
    while (opened.size() <= limit) {
      const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        error = errno;
        break;
      }
      opened.push_back(fd);
    }
    for (int fd : opened) close(fd);
  }
  if (error != EMFILE) {
    throw Error(injection_error, in_place_of(injection) + "opening files under RLIMIT_NOFILE " +
                                     std::to_string(limit) + " ended with " +
                                     (error != 0 ? std::strerror(error) : std::string("no error")) +
                                     " instead of EMFILE after " + std::to_string(opened.size()) + " files");
  }
  log.info("ulimit: open() failed with EMFILE after " + std::to_string(opened.size()) + " files; limit restored");
  throw Error(raised_exception(FailureType::ulimit),
              in_place_of(injection) + "[Errno " + std::to_string(EMFILE) + "] " + std::strerror(EMFILE) +
                  ": open() failed after opening " + std::to_string(opened.size()) +
                  " files with the soft RLIMIT_NOFILE lowered to " + std::to_string(limit));
}

}  // namespace taps::failures
