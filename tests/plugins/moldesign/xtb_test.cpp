// The xtb program as the simulate task runs it: a real IP, xtb's own message
// when it refuses a geometry, and the package to install when it is missing.
#include "moldesign/molecule.hpp"
#include "moldesign/verification.hpp"
#include "moldesign/xtb.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace taps::moldesign {
namespace {

namespace fs = std::filesystem;

// TMPDIR pointed at a directory of the test's own while it lives: other
// tests running xtb at the same time (ctest -j) create and remove their
// directories in the shared one, so only a private one can be counted.
class PrivateTmpdir {
 public:
  PrivateTmpdir() {
    std::string pattern = (fs::temp_directory_path() / "taps-xtb-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    if (const char* old = std::getenv("TMPDIR")) saved_ = old;
    setenv("TMPDIR", dir_.c_str(), 1);
  }
  ~PrivateTmpdir() {
    if (saved_) setenv("TMPDIR", saved_->c_str(), 1); else unsetenv("TMPDIR");
    fs::remove_all(dir_);
  }
  // The entries xtb runs left in it.
  std::size_t xtb_directories() const {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename().string().rfind("taps-xtb-", 0) == 0) ++count;
    }
    return count;
  }

 private:
  fs::path dir_;
  std::optional<std::string> saved_;
};

TEST(VerticalIp, OfWaterIsPhysicalAndLeavesNoTemporaryFiles) {
  const PrivateTmpdir tmp;
  const double ip = vertical_ip(initial_xyz("O"), 60);
  EXPECT_GT(ip, lowest_physical_ip);
  EXPECT_LT(ip, highest_physical_ip);
  // IPEA-xTB's vertical IP of water, about 13.8 eV (the experiment: 12.6).
  EXPECT_NEAR(ip, 13.8, 0.5);
  EXPECT_EQ(tmp.xtb_directories(), 0u);
}

TEST(VerticalIp, AGeometryXtbRefusesFailsWithXtbsOwnMessage) {
  try {
    vertical_ip("2\n\nH 0 0 0\nH 0 0 0\n", 60);
    FAIL() << "expected an XtbError";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "XtbError");
    const std::string message = e.what();
    EXPECT_NE(message.find("xtb exited with status 1"), std::string::npos) << message;
    EXPECT_NE(message.find("Some atoms in the start geometry are *very* close"), std::string::npos) << message;
    EXPECT_NE(message.find("abnormal termination of xtb"), std::string::npos) << "stderr's tail: " << message;
  }
}

TEST(VerticalIp, AnXtbCallPastTheTimeoutIsKilledAndFailsSayingSo) {
  const PrivateTmpdir tmp;
  try {
    vertical_ip(initial_xyz("CCCCCCCCO"), 0.001);
    FAIL() << "expected an XtbError";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "XtbError");
    EXPECT_NE(std::string(e.what()).find("xtb did not finish within 0.001"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tmp.xtb_directories(), 0u);
}

TEST(VerticalIp, WithoutXtbOnPathSaysWhichPackageToInstall) {
  const std::string path = getenv("PATH");
  setenv("PATH", "/nonexistent", 1);
  try {
    vertical_ip(initial_xyz("O"), 60);
    ADD_FAILURE() << "expected a ToolMissing error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ToolMissing");
    EXPECT_NE(std::string(e.what()).find("apt-get install xtb"), std::string::npos) << e.what();
  }
  setenv("PATH", path.c_str(), 1);
}

}  // namespace
}  // namespace taps::moldesign
