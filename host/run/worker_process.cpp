#include "run/worker_process.hpp"

#include "commands/command.hpp"

#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace taps::host {

void die_with_parent() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (const char* expected = std::getenv("TAPS_WORKER_PARENT_PID")) {
    if (std::to_string(static_cast<long>(getppid())) != expected) _exit(exit_run_failed);
  }
}

void keep_payload_memory_mapped() {
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
}

Bytes read_task_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read task file " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_result_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write result file " + path);
}

}  // namespace taps::host
