// The montage app's verdicts on mosaics made by hand: the frame itself
// passes (with any background plane on top), while a hole, a patch with
// its background left in and a misregistered mosaic fail; the overlap
// differences are read on the images' common grid.
#include "apps/montage/m51_frame.hpp"
#include "apps/montage/sky_tiles.hpp"
#include "apps/montage/verification.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace taps::montage {
namespace {

class SkyVerdict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    frame_ = new Image(read_m51_frame());
    for (const Tile& t : make_tiles(*frame_, {3, 128, 0.2, 0})) tiles_.push_back(t.image);
  }
  static void TearDownTestSuite() { delete frame_; }

  // A "mosaic" that is the frame itself, on the frame's own grid.
  static Image perfect() { return *frame_; }
  static Image area() {
    Image a = *frame_;
    std::fill(a.pixels.begin(), a.pixels.end(), 1.0);
    return a;
  }

  static inline Image* frame_ = nullptr;
  static inline std::vector<Image> tiles_;
};

TEST_F(SkyVerdict, PassesTheFrameItselfEvenUnderABackgroundPlane) {
  const SkyComparison exact = compare_with_frame(*frame_, tiles_, perfect(), area());
  EXPECT_LT(exact.relative_rms, 1e-9);
  EXPECT_LT(exact.block_relative_rms, 1e-9);
  EXPECT_NEAR(exact.flux_ratio, 1, 1e-9);
  EXPECT_GT(exact.pixels, 80000u);

  Image tilted = perfect();
  for (long y = 1; y <= tilted.height; ++y) {
    for (long x = 1; x <= tilted.width; ++x) tilted.at(x, y) += 40 + 0.05 * x - 0.03 * y;
  }
  const SkyComparison planed = compare_with_frame(*frame_, tiles_, tilted, area());
  EXPECT_LT(planed.relative_rms, 1e-6);
  EXPECT_NEAR(planed.flux_ratio, 1, 1e-9);
  EXPECT_NEAR(planed.plane_c + 256 * planed.plane_a + 256 * planed.plane_b, 40 + 0.05 * 256 - 0.03 * 256, 1e-6);
}

TEST_F(SkyVerdict, FailsAMosaicWithAHoleInsideATile) {
  Image holed = perfect();
  holed.at(256, 256) = std::nan("");
  try {
    compare_with_frame(*frame_, tiles_, holed, area());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "VerificationError");
    EXPECT_NE(std::string(e.what()).find("hole in the mosaic at frame pixel (25"), std::string::npos) << e.what();
  }
}

TEST_F(SkyVerdict, FailsAPatchWhoseBackgroundWasNotRemoved) {
  Image patched = perfect();
  for (long y = 150; y <= 250; ++y) {
    for (long x = 150; x <= 250; ++x) patched.at(x, y) += 60;
  }
  const SkyComparison c = compare_with_frame(*frame_, tiles_, patched, area());
  EXPECT_GT(c.block_relative_rms, sky_block_rms_bound);
}

TEST_F(SkyVerdict, FailsAMosaicTwoPixelsOff) {
  Image shifted = perfect();
  shifted.wcs.crpix1 += 2;
  const SkyComparison c = compare_with_frame(*frame_, tiles_, shifted, area());
  EXPECT_GT(c.relative_rms, sky_rms_bound);
  EXPECT_GT(c.block_relative_rms, sky_block_rms_bound);
}

Image flat(long width, long height, double crpix1, double value) {
  Image image;
  image.width = width;
  image.height = height;
  image.pixels.assign(static_cast<std::size_t>(width * height), value);
  image.wcs.crpix1 = crpix1;
  image.wcs.crpix2 = 1;
  return image;
}

TEST(OverlapDifference, ComparesPixelsWhereBothImagesCoverTheSameSky) {
  // b starts 3 pixels right of a on the same grid: 7 common columns.
  const std::vector<Image> images{flat(10, 4, 5, 5.0), flat(10, 4, 2, 8.0)};
  const std::vector<Image> areas{flat(10, 4, 5, 1.0), flat(10, 4, 2, 1.0)};
  const OverlapDifference d = overlap_difference(images, areas, {{0, 1}});
  EXPECT_EQ(d.pairs, 1u);
  EXPECT_EQ(d.pixels, 7u * 4u);
  EXPECT_DOUBLE_EQ(d.mean_abs, 3.0);

  const std::vector<Image> off_grid{flat(10, 4, 5, 5.0), flat(10, 4, 2.5, 8.0)};
  EXPECT_THROW(overlap_difference(off_grid, areas, {{0, 1}}), Error);
}

}  // namespace
}  // namespace taps::montage
