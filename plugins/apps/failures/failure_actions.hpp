// failure_actions.hpp — what an injected task does: each function fails the
// calling task the way its type says, by throwing the exception a real task
// would meet or by ending a process. None returns.
//
// When an injection cannot take effect (a kill that is not permitted, a
// timeout nobody enforces) the task fails with an InjectionError saying so,
// never with the exception the type stands for, so the verdict cannot be
// fooled.
#pragma once

#include "injection.hpp"

#include <taps/host.hpp>

#include <string>

namespace taps::failures {

/// The parent a `dependency` injection puts before the chosen task.
[[noreturn]] void fail_as_parent(const Injection& injection);
[[noreturn]] void raise_failure(const Injection& injection);
/// dlopen() of a library that does not exist: an ImportError with dlerror().
[[noreturn]] void import_missing_library(const Injection& injection);
/// A floating-point 1.0 / 0.0, checked with fetestexcept(FE_DIVBYZERO).
[[noreturn]] void divide_by_zero(const Injection& injection);

/// Allocates and touches memory until the limit is hit, frees it, raises
/// MemoryError. In a worker process the limit is the kernel's: the soft
/// RLIMIT_AS is lowered to what the process uses plus memory_limit for the
/// duration. Inside taps-host (an in-process executor) it is a budget the
/// task counts itself: lowering taps-host's address-space limit would fail
/// the engine's own allocations. Never more than half of the node's
/// available memory divided by its hardware threads.
[[noreturn]] void exhaust_memory(const Injection& injection, const Host& log);

/// Lowers the soft RLIMIT_NOFILE to just above the highest open descriptor,
/// opens /dev/null until open() fails with EMFILE, closes them, restores the
/// limit and raises OSError.
[[noreturn]] void exhaust_file_descriptors(const Injection& injection, const Host& log);

/// Sleeps until the executor stops the task; after sleep_limit seconds it
/// gives up with an InjectionError (the timeout was not enforced).
[[noreturn]] void sleep_past_timeout(const Injection& injection, const Host& log);

/// SIGKILLs the task's own process.
[[noreturn]] void kill_worker(const Injection& injection, const Host& log);
/// SIGKILLs the task's process's parent (the executor's manager), then the
/// process itself, which dies with its manager.
[[noreturn]] void kill_manager(const Injection& injection, const Host& log);
/// SIGKILLs every worker process of this run on this node (`taps-host ...
/// worker --config <this run's config.toml>`, the same user), the task's
/// own last. Never taps-host, never any other process.
[[noreturn]] void kill_node(const Injection& injection, const Host& log, const std::string& run_config_file);

/// "injected in place of synthetic.noop: ", the start of every message.
std::string in_place_of(const Injection& injection);
/// "in place of synthetic.noop", for log lines.
std::string replacing(const Injection& injection);

}  // namespace taps::failures
