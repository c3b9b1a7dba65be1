// The xtb program as the simulate task runs it: a real IP, xtb's own message
// when it refuses a geometry, and the package to install when it is missing.
#include "moldesign/molecule.hpp"
#include "moldesign/verification.hpp"
#include "moldesign/xtb.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace taps::moldesign {
namespace {

namespace fs = std::filesystem;

// The number of entries xtb runs left in the temporary directory.
std::size_t xtb_directories() {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path())) {
    if (entry.path().filename().string().rfind("taps-xtb-", 0) == 0) ++count;
  }
  return count;
}

TEST(VerticalIp, OfWaterIsPhysicalAndLeavesNoTemporaryFiles) {
  const std::size_t before = xtb_directories();
  const double ip = vertical_ip(initial_xyz("O"), 60);
  EXPECT_GT(ip, lowest_physical_ip);
  EXPECT_LT(ip, highest_physical_ip);
  // IPEA-xTB's vertical IP of water, about 13.8 eV (the experiment: 12.6).
  EXPECT_NEAR(ip, 13.8, 0.5);
  EXPECT_EQ(xtb_directories(), before);
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
  const std::size_t before = xtb_directories();
  try {
    vertical_ip(initial_xyz("CCCCCCCCO"), 0.001);
    FAIL() << "expected an XtbError";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "XtbError");
    EXPECT_NE(std::string(e.what()).find("xtb did not finish within 0.001"), std::string::npos) << e.what();
  }
  EXPECT_EQ(xtb_directories(), before);
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
