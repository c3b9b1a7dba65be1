// external_tool.hpp — running a scientific program (vina, obabel) from a
// task: found on PATH or refused naming the Debian package that has it,
// run in a directory of the task's own, and failed with the tail of its
// stderr when it does not succeed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace taps::docking {

/// A program and the Debian package that installs it.
struct Tool {
  const char* program;
  const char* debian_package;
};

inline constexpr Tool vina_tool{"vina", "autodock-vina"};
inline constexpr Tool obabel_tool{"obabel", "openbabel"};

/// What a program printed; it exited with status 0.
struct ToolOutput {
  std::string out;
  std::string err;
};

/// The program's full path. Throws a ToolNotFound error naming the Debian
/// package when it is not on PATH.
std::filesystem::path locate(const Tool& tool);

/// Runs `tool` with `args` in `directory` (stdin from /dev/null), waits, and
/// returns its stdout and stderr. Throws a ToolError carrying the exit
/// status or signal and the last lines of stderr when it does not exit 0.
/// The program is killed when the calling thread's process dies first
/// (a worker stopped by a task timeout leaves no docking run behind).
ToolOutput run_tool(const Tool& tool, const std::vector<std::string>& args, const std::filesystem::path& directory);

/// The last `lines` lines of `text` (at most 2000 bytes), for messages.
std::string tail_of(const std::string& text, std::size_t lines = 12);

}  // namespace taps::docking
