// The failure of a task that runs too long: it sleeps until the executor
// stops it.
#include "failure_actions.hpp"

#include <taps/error.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace taps::failures {

void sleep_past_timeout(const Injection& injection, const Host& log) {
  log.info("timeout: sleeping until the executor stops the task (at most " + std::to_string(injection.sleep_limit) +
           " s), " + replacing(injection));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(injection.sleep_limit);
  while (std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // Still here: nobody enforced a timeout. Failing with the executor's
  // TimeoutError would hide that; this says it.
  throw Error(injection_error, in_place_of(injection) + "slept " + std::to_string(injection.sleep_limit) +
                                   " s (sleep_limit) without the executor stopping the task: its task timeout is "
                                   "not enforced or is longer than sleep_limit");
}

}  // namespace taps::failures
