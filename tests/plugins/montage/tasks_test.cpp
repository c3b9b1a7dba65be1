// The workflow's stages called directly on generated tiles with the real
// Montage programs: the mosaic header, projection with its area file, the
// overlapping pairs, plane fits that mBgModel turns into corrections that
// undo the tiles' own backgrounds, mBackground, mAdd, and Montage's
// messages when a stage is given inputs it cannot use.
#include "apps/montage/fits_image.hpp"
#include "apps/montage/m51_frame.hpp"
#include "apps/montage/mosaic_configuration.hpp"
#include "apps/montage/montage_tool.hpp"
#include "apps/montage/sky_tiles.hpp"
#include "apps/montage/tasks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace taps::montage {
namespace {

namespace fs = std::filesystem;

// 2 x 2 tiles of 64 px, configured and projected once for every test.
class MontageStages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new PrivateDir;
    tiles_ = make_tiles(read_m51_frame(), {2, 64, 0.25, 11});
    write_tiles(tiles_, *scratch_ / "tiles");
    configuration_ = configure_mosaic(*scratch_ / "tiles", *scratch_ / "out" / "images.tbl",
                                      *scratch_ / "out" / "images.hdr");
    for (const auto& image : configuration_.images) {
      projected_.push_back(project_task("mProjectPP", configuration_.header, read_file(image)));
    }
  }
  static void TearDownTestSuite() { delete scratch_; }

  static Rest<FitsPairView> views(const std::vector<FitsPair>& pairs) {
    Rest<FitsPairView> rest;
    for (const auto& p : pairs) rest.items.push_back({p.image, p.area});
    return rest;
  }

  static inline PrivateDir* scratch_ = nullptr;
  static inline std::vector<Tile> tiles_;
  static inline MosaicConfiguration configuration_;
  static inline std::vector<FitsPair> projected_;
};

TEST_F(MontageStages, ConfigureFindsTheTilesInNameOrderAndMakesAHeaderBoundingThem) {
  ASSERT_EQ(configuration_.images.size(), 4u);
  EXPECT_EQ(configuration_.images[0].filename(), "tile_00_00.fits");
  EXPECT_NE(configuration_.header.find("CTYPE1  = 'RA---TAN'"), std::string::npos) << configuration_.header;
  EXPECT_TRUE(fs::exists(*scratch_ / "out" / "images.tbl"));
}

TEST_F(MontageStages, ProjectionGivesAnImageOnTheMosaicGridAndItsArea) {
  const Image image = read_fits(projected_[0].image, "projected");
  const Image area = read_fits(projected_[0].area, "area");
  EXPECT_EQ(area.width, image.width);
  EXPECT_GE(image.width, 64);
  EXPECT_NEAR(std::abs(image.wcs.cdelt1), 1 / 3600.0, 1e-9);
  const double centre = image.at(image.width / 2, image.height / 2);
  EXPECT_TRUE(std::isfinite(centre));
}

TEST_F(MontageStages, BackgroundModelUndoesTheTilesOwnBackgrounds) {
  const OverlapTable overlaps = overlaps_task(views(projected_));
  EXPECT_EQ(overlaps.pairs.size(), 6u) << "a 2 x 2 grid: 4 sides and 2 diagonals";
  Rest<PlaneFit> fits;
  for (const auto& pair : overlaps.pairs) {
    fits.items.push_back(diff_fit_task(configuration_.header, pair.plus, pair.minus,
                                       {projected_[pair.plus].image, projected_[pair.plus].area},
                                       {projected_[pair.minus].image, projected_[pair.minus].area}));
    EXPECT_GT(fits.items.back().values[11], 100) << "npixel of a fit";
  }
  const Corrections corrections = background_model_task(overlaps, fits);
  ASSERT_EQ(corrections.abc.size(), 12u);
  // Up to one common offset, each image's level correction is its tile's
  // background level (the slopes add a few counts between the points).
  std::vector<double> left;
  for (std::size_t i = 0; i < 4; ++i) left.push_back(tiles_[i].background_level - corrections.abc[3 * i + 2]);
  double spread_before = 0, spread_after = 0;
  for (std::size_t i = 1; i < 4; ++i) {
    spread_before = std::max(spread_before, std::abs(tiles_[i].background_level - tiles_[0].background_level));
    spread_after = std::max(spread_after, std::abs(left[i] - left[0]));
  }
  EXPECT_GT(spread_before, 20);
  EXPECT_LT(spread_after, spread_before / 4) << "levels left after correction";
}

TEST_F(MontageStages, BackgroundSubtractsThePlaneAndAddMakesTheMosaic) {
  Corrections corrections{std::vector<double>(12, 0.0)};
  corrections.abc[3 * 1 + 2] = 10;
  const FitsPair corrected = background_task(1, corrections, {projected_[1].image, projected_[1].area});
  const Image before = read_fits(projected_[1].image, "before");
  const Image after = read_fits(corrected.image, "after");
  const long x = before.width / 2, y = before.height / 2;
  EXPECT_NEAR(after.at(x, y), before.at(x, y) - 10, 1e-9);
  EXPECT_EQ(corrected.area, projected_[1].area);

  const FitsPair mosaic = add_task(configuration_.header, views(projected_));
  const Image image = read_fits(mosaic.image, "mosaic");
  EXPECT_NE(configuration_.header.find("NAXIS1  = " + std::to_string(image.width)), std::string::npos);
  EXPECT_TRUE(std::isfinite(image.at(image.width / 2, image.height / 2)));
}

TEST_F(MontageStages, FailsWithMontagesMessageWhenThePairDoesNotOverlap) {
  const std::vector<Tile> apart = make_tiles(read_m51_frame(), {3, 32, 0, 1});
  PrivateDir dir;
  write_tiles({apart[0], apart[8]}, dir / "tiles");
  const MosaicConfiguration c = configure_mosaic(dir / "tiles", dir / "t.tbl", dir / "t.hdr");
  const FitsPair a = project_task("mProjectPP", c.header, read_file(c.images[0]));
  const FitsPair b = project_task("mProjectPP", c.header, read_file(c.images[1]));
  try {
    diff_fit_task(c.header, 0, 1, {a.image, a.area}, {b.image, b.area});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "MontageError");
    EXPECT_STREQ(e.what(), "mDiff: Images don't overlap");
  }
}

TEST(MontageConfiguration, RefusesAnEmptyFolderAndAnImageWithoutWcs) {
  PrivateDir dir;
  fs::create_directories(dir / "empty");
  try {
    configure_mosaic(dir / "empty", dir / "t.tbl", dir / "t.hdr");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds no FITS images"), std::string::npos) << e.what();
  }
  const Tile tile = make_tiles(read_m51_frame(), {1, 16, 0, 0})[0];
  write_tiles({tile}, dir / "mixed");
  {
    // A real FITS image whose CTYPE keywords are turned into comments.
    Bytes bytes = write_fits(tile.image);
    std::string header(reinterpret_cast<const char*>(bytes.data()), 2880);
    for (const char* key : {"CTYPE1  ", "CTYPE2  "}) {
      const auto at = header.find(key);
      ASSERT_NE(at, std::string::npos);
      std::copy_n("COMMENT ", 8, bytes.begin() + static_cast<long>(at));
    }
    write_file(dir / "mixed" / "nowcs.fits", bytes);
  }
  try {
    configure_mosaic(dir / "mixed", dir / "t.tbl", dir / "t.hdr");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nowcs.fits': no WCS"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace taps::montage
