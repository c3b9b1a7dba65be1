// signals.hpp — SIGINT and SIGTERM end a run cleanly, from a thread of its own.
//
//   int main() {
//     install_termination_handler();   // first, before any thread exists
//     ...
//     OnTermination flush([&](int) { engine.flush_records(); });
//   }
//
// install_termination_handler() blocks SIGINT and SIGTERM in the calling
// thread, so that every thread created later (plugins' included) inherits
// the blocked mask, and starts one thread that takes them with sigwait().
// There, outside any signal handler, it may lock, log and flush: it runs
// every registered hook in registration order, then ends the process with
// _exit(128 + signal). Hooks are how parts of the host clean up on an
// interrupt: the run command logs and flushes records; an out-of-process
// executor would kill its workers.
//
// A child process inherits the blocked mask across fork and exec: whoever
// starts one (a worker) must unblock SIGINT and SIGTERM in it
// (posix_spawnattr_setsigmask, or pthread_sigmask after fork).
#pragma once

#include <functional>

namespace taps::host {

/// Blocks SIGINT/SIGTERM and starts the thread that handles them. Call once.
void install_termination_handler();

/// From now on SIGINT is ignored (SIGTERM still ends the process): for a
/// worker, whose client handles the terminal's Ctrl-C. A blocked signal is
/// not discarded for being ignored, so SIG_IGN alone would not do.
void ignore_interrupts();

/// "SIGINT", "SIGTERM", otherwise "a signal".
const char* signal_name(int signal);

/// Runs a hook on termination for as long as it lives. Hooks must be
/// thread-safe with respect to the rest of the program: they run on the
/// signal thread while other threads keep going. Destroying the object while
/// its hook runs blocks until the process exits.
class OnTermination {
 public:
  explicit OnTermination(std::function<void(int signal)> hook);
  ~OnTermination();
  OnTermination(const OnTermination&) = delete;
  OnTermination& operator=(const OnTermination&) = delete;

 private:
  unsigned long id_;
};

}  // namespace taps::host
