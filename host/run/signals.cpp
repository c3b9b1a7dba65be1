#include "run/signals.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

namespace taps::host {

namespace {

struct Hooks {
  std::mutex mutex;
  std::map<unsigned long, std::function<void(int)>> hooks;  // ordered by id: registration order
  unsigned long next_id = 0;
};

std::atomic<bool> interrupts_ignored{false};

// Never destroyed: the signal thread may use it while main() returns.
Hooks& hooks() {
  static auto* instance = new Hooks;
  return *instance;
}

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

[[noreturn]] void handle_signals() {
  const sigset_t set = termination_signals();
  int signal = 0;
  while (sigwait(&set, &signal) != 0 || (signal == SIGINT && interrupts_ignored.load())) {
  }
  {
    // Held until _exit: a hook being removed meanwhile waits, and the
    // process ends before its owner is torn down under a running hook.
    std::unique_lock lock(hooks().mutex);
    for (auto& [id, hook] : hooks().hooks) {
      try {
        hook(signal);
      } catch (...) {
        // The process is ending; the remaining hooks still get their turn.
      }
    }
    _exit(128 + signal);
  }
}

}  // namespace

void install_termination_handler() {
  const sigset_t set = termination_signals();
  if (int error = pthread_sigmask(SIG_BLOCK, &set, nullptr); error != 0) {
    throw std::system_error(error, std::generic_category(), "cannot block SIGINT and SIGTERM");
  }
  std::thread(handle_signals).detach();
}

void ignore_interrupts() { interrupts_ignored.store(true); }

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

OnTermination::OnTermination(std::function<void(int signal)> hook) {
  std::lock_guard lock(hooks().mutex);
  id_ = hooks().next_id++;
  hooks().hooks.emplace(id_, std::move(hook));
}

OnTermination::~OnTermination() {
  std::lock_guard lock(hooks().mutex);
  hooks().hooks.erase(id_);
}

}  // namespace taps::host
