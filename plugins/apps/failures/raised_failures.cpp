// The failures a task raises itself: an exception, a missing library, a
// division by zero, and the failing parent of a `dependency` injection.
#include "failure_actions.hpp"

#include <taps/error.hpp>

#include <dlfcn.h>

#include <cfenv>
#include <string>

namespace taps::failures {

namespace {

// A name no system has: loading it must fail the way a task's missing
// dependency does in a bad environment.
constexpr const char* missing_library = "libtaps_failures_injected_missing_library.so.0";

}  // namespace

std::string in_place_of(const Injection& injection) { return "injected " + replacing(injection) + ": "; }

std::string replacing(const Injection& injection) { return "in place of " + injection.replaces; }

void fail_as_parent(const Injection& injection) {
  throw Error(parent_exception, "injected parent of " + injection.replaces +
                                    ": it fails, so that the task depending on it fails with a DependencyError");
}

void raise_failure(const Injection& injection) {
  throw Error(raised_exception(FailureType::failure), in_place_of(injection) + "the task raised an exception");
}

void import_missing_library(const Injection& injection) {
  void* library = dlopen(missing_library, RTLD_NOW | RTLD_LOCAL);
  if (library != nullptr) {
    dlclose(library);
    throw Error(injection_error, in_place_of(injection) + std::string(missing_library) +
                                     " exists on this node, so loading it did not fail");
  }
  const char* reason = dlerror();
  throw Error(raised_exception(FailureType::import),
              in_place_of(injection) + "dlopen() failed: " + (reason != nullptr ? reason : missing_library));
}

void divide_by_zero(const Injection& injection) {
  // volatile: the division happens at run time, where the FPU flags it.
  volatile double numerator = 1.0;
  volatile double denominator = 0.0;
  std::feclearexcept(FE_DIVBYZERO);
  const volatile double quotient = numerator / denominator;
  if (std::fetestexcept(FE_DIVBYZERO) == 0) {
    throw Error(injection_error, in_place_of(injection) + "1.0 / 0.0 did not raise FE_DIVBYZERO on this node");
  }
  throw Error(raised_exception(FailureType::zero_division),
              in_place_of(injection) + "1.0 / 0.0 raised the floating-point divide-by-zero exception (result " +
                  std::to_string(quotient) + ")");
}

}  // namespace taps::failures
