// The generated sky: tiles cut from the real M51 frame whose WCS puts every
// pixel where it came from, their backgrounds and noise as documented, the
// same for a seed, and FITS files that CFITSIO reads back exactly.
#include "apps/montage/m51_frame.hpp"
#include "apps/montage/sky_tiles.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace taps::montage {
namespace {

const Image& frame() {
  static const Image f = read_m51_frame();
  return f;
}

TEST(M51Frame, IsTheGalaxyWithItsNucleusNearTheCentre) {
  const Image& f = frame();
  ASSERT_EQ(f.width, 512);
  ASSERT_EQ(f.pixels.size(), 512u * 512u);
  EXPECT_LT(f.at(10, 10), 100) << "the corners are sky";
  long bx = 0, by = 0;
  for (long y = 1; y <= 512; ++y) {
    for (long x = 1; x <= 512; ++x) {
      if (f.at(x, y) > f.at(bx ? bx : 1, by ? by : 1)) bx = x, by = y;
    }
  }
  EXPECT_GT(f.at(bx, by), 10000);
  const Wcs::Sky centre = f.wcs.to_sky({256.5, 256.5});
  EXPECT_NEAR(centre.ra, 202.35, 1e-9);
  const Wcs::Pixel back = f.wcs.to_pixel(f.wcs.to_sky({100, 400}));
  EXPECT_NEAR(back.x, 100, 1e-9);
  EXPECT_NEAR(back.y, 400, 1e-9);
}

TEST(SkyTiles, PutEveryPixelWhereTheFrameHasItPlusItsOwnBackgroundAndNoise) {
  const TileOptions o{2, 64, 0.25, 7};
  const auto tiles = make_tiles(frame(), o);
  ASSERT_EQ(tiles.size(), 4u);
  for (const Tile& t : tiles) {
    EXPECT_LE(std::abs(t.rotation), 3);
    // The tile's WCS maps its centre to the frame position it was cut at.
    const Wcs::Pixel centre = frame().wcs.to_pixel(t.image.wcs.to_sky({32.5, 32.5}));
    EXPECT_NEAR(centre.x, t.frame_x, 1e-6);
    EXPECT_NEAR(centre.y, t.frame_y, 1e-6);
    // Minus its background, a tile is the frame at its pixels' positions
    // plus noise of sigma 2 (compared where the frame is smooth: nearest
    // frame pixel, so only loosely).
    double sum = 0, sum2 = 0;
    long n = 0;
    for (long y = 1; y <= 64; ++y) {
      for (long x = 1; x <= 64; ++x) {
        const Wcs::Pixel p = frame().wcs.to_pixel(t.image.wcs.to_sky({double(x), double(y)}));
        const double source = frame().at(std::lround(p.x), std::lround(p.y));
        if (source > 200) continue;
        const double background = t.background_level + t.background_slope_x * (x - 32.5) +
                                  t.background_slope_y * (y - 32.5);
        const double d = t.image.at(x, y) - background - source;
        sum += d, sum2 += d * d, ++n;
      }
    }
    ASSERT_GT(n, 500);
    EXPECT_NEAR(sum / n, 0, 1.5);
    EXPECT_LT(std::sqrt(sum2 / n), 12);
  }
  EXPECT_NE(tiles[0].background_level, tiles[1].background_level);
}

TEST(SkyTiles, AreTheSameForASeedAndDifferForAnother) {
  const auto a = make_tiles(frame(), {2, 32, 0.2, 5});
  const auto b = make_tiles(frame(), {2, 32, 0.2, 5});
  const auto c = make_tiles(frame(), {2, 32, 0.2, 6});
  EXPECT_EQ(a[3].image.pixels, b[3].image.pixels);
  EXPECT_NE(a[3].image.pixels, c[3].image.pixels);
  EXPECT_EQ(a[3].name, "tile_01_01.fits");
}

TEST(SkyTiles, RefuseAGridLargerThanTheFrame) {
  try {
    make_tiles(frame(), {5, 128, 0.1, 0});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "ConfigError");
    EXPECT_NE(std::string(e.what()).find("5 x 5 tiles of 128 px"), std::string::npos) << e.what();
  }
}

TEST(FitsImage, RoundTripsPixelsBlanksAndWcsThroughCfitsio) {
  Image image = make_tiles(frame(), {1, 40, 0, 3})[0].image;
  image.at(3, 4) = std::nan("");
  const Bytes bytes = write_fits(image);
  EXPECT_EQ(bytes.size() % 2880, 0u);
  const Image back = read_fits(bytes, "tile");
  ASSERT_EQ(back.width, 40);
  EXPECT_TRUE(std::isnan(back.at(3, 4)));
  EXPECT_EQ(back.at(5, 6), image.at(5, 6));
  EXPECT_NEAR(back.wcs.crval1, image.wcs.crval1, 1e-12);
  EXPECT_NEAR(back.wcs.crota2, image.wcs.crota2, 1e-12);
}

TEST(FitsImage, RefusesBytesThatAreNotFits) {
  const Bytes junk(100, 'x');
  try {
    read_fits(junk, "junk.fits");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "DataError");
    EXPECT_NE(std::string(e.what()).find("junk.fits is not a FITS file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace taps::montage
