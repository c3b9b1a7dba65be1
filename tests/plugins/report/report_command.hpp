// report_command.hpp — runs `taps-host report` (or any command) and checks
// the files it writes.
#pragma once

#include "host_run.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace taps::testing {

struct CommandOutput {
  int exit_status = -1;
  std::string output;  // stdout and stderr
};

/// A shell command, its output kept in `scratch`.
inline CommandOutput shell(const Scratch& scratch, const std::string& command) {
  const auto out = scratch.path() / "command.txt";
  const int status = std::system((command + " > " + out.string() + " 2>&1").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out)};
}

/// `taps-host --plugin-path PLUGINS ARGS`.
inline CommandOutput taps_host(const Scratch& scratch, const std::string& args) {
  return shell(scratch, std::string(TAPS_HOST_BINARY) + " --plugin-path " TAPS_PLUGIN_DIR " " + args);
}

/// A PNG file: the signature, an IHDR with a non-empty size, an IEND.
inline void expect_png(const std::filesystem::path& path) {
  const std::string bytes = read_text(path);
  ASSERT_GT(bytes.size(), 1000u) << path;
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
  EXPECT_EQ(bytes.substr(12, 4), "IHDR") << path;
  auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  EXPECT_GT(be32(16), 0u) << path << " width";
  EXPECT_GT(be32(20), 0u) << path << " height";
  EXPECT_EQ(bytes.substr(bytes.size() - 8, 4), "IEND") << path;
}

}  // namespace taps::testing
