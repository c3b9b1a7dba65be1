// Running Montage's programs: their [struct stat=...] verdicts read, an
// ERROR turned into a MontageError carrying Montage's message, and the
// private directory each call runs in removed.
#include "apps/montage/montage_tool.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

namespace taps::montage {
namespace {

std::string message_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "MontageError");
    return e.what();
  }
  ADD_FAILURE() << "no MontageError";
  return {};
}

TEST(MontageReport, ReadsEveryFieldOfAnOkVerdict) {
  const ToolReport r = parse_report(
      "mFitplane", "noise\n[struct stat=\"OK\", module=\"mFitplane\", a=-0.0149766, npixel=465, rms=1.53145]\n");
  EXPECT_EQ(r.at("module"), "mFitplane");
  EXPECT_DOUBLE_EQ(report_number(r, "mFitplane", "a"), -0.0149766);
  EXPECT_DOUBLE_EQ(report_number(r, "mFitplane", "npixel"), 465);
  EXPECT_NE(message_of([&] { report_number(r, "mFitplane", "boxang"); }).find("no 'boxang'"), std::string::npos);
}

TEST(MontageReport, TurnsAnErrorVerdictIntoMontagesMessage) {
  const std::string message = message_of(
      [] { parse_report("mDiff", "[struct stat=\"ERROR\", msg=\"Image 1 and image 2 do not overlap\"]"); });
  EXPECT_EQ(message, "mDiff: Image 1 and image 2 do not overlap");
}

TEST(MontageReport, RefusesOutputWithoutAVerdict) {
  EXPECT_NE(message_of([] { parse_report("mAdd", "Segmentation fault"); }).find("printed no [struct stat"),
            std::string::npos);
}

TEST(MontageProgram, ReportsTheRealProgramsUsageErrorAsAFailure) {
  const std::string message = message_of([] { run_montage("mImgtbl", {}); });
  EXPECT_NE(message.find("mImgtbl: Usage: mImgtbl"), std::string::npos) << message;
}

TEST(MontageProgram, ReportsAProgramThatDoesNotExist) {
  const std::string message = message_of([] { run_montage("mNoSuchProgram", {}); });
  EXPECT_NE(message.find("cannot start"), std::string::npos) << message;
}

TEST(MontageProgram, RunsInAPrivateDirectoryThatIsRemovedAfterwards) {
  std::filesystem::path kept;
  {
    const PrivateDir dir;
    kept = dir.path();
    ASSERT_TRUE(std::filesystem::is_directory(kept));
    const ToolReport r = run_montage("mImgtbl", {dir.path().string(), (dir / "images.tbl").string()});
    EXPECT_EQ(report_number(r, "mImgtbl", "count"), 0);
    EXPECT_TRUE(std::filesystem::exists(dir / "images.tbl"));
  }
  EXPECT_FALSE(std::filesystem::exists(kept));
}

}  // namespace
}  // namespace taps::montage
