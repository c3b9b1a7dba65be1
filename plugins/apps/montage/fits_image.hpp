// fits_image.hpp — FITS images in memory, read and written with CFITSIO,
// and their celestial coordinates (TAN projection).
//
// Files move between tasks as their bytes; CFITSIO opens those bytes in
// place (fits_open_memfile) and writes new files into a growing buffer
// (fits_create_memfile), so no task needs a path on the client.
#pragma once

#include <taps/codec.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace taps::montage {

/// A world coordinate system as CFITSIO describes one (reference value,
/// reference pixel, increments, rotation), with its conversions.
struct Wcs {
  double crval1 = 0, crval2 = 0;  // degrees
  double crpix1 = 0, crpix2 = 0;  // 1-based pixel coordinates
  double cdelt1 = 0, cdelt2 = 0;  // degrees per pixel
  double crota2 = 0;              // degrees
  std::string projection = "-TAN";

  struct Sky {
    double ra, dec;
  };
  struct Pixel {
    double x, y;  // 1-based, FITS convention: pixel (1,1) is centred at 1.0
  };
  Sky to_sky(Pixel p) const;
  Pixel to_pixel(Sky s) const;
};

/// A 2-D image: `pixels[(y - 1) * width + (x - 1)]` is FITS pixel (x, y).
struct Image {
  long width = 0;
  long height = 0;
  std::vector<double> pixels;
  Wcs wcs;

  double at(long x, long y) const { return pixels[static_cast<std::size_t>((y - 1) * width + (x - 1))]; }
  double& at(long x, long y) { return pixels[static_cast<std::size_t>((y - 1) * width + (x - 1))]; }
};

/// The bytes of a FITS file holding `image` as 64-bit floats (BITPIX = -64,
/// what Montage expects) with its WCS as CRVAL/CRPIX/CDELT/CROTA2 in
/// equatorial J2000 coordinates. NaN pixels are blank.
Bytes write_fits(const Image& image);

/// Reads the primary image of a FITS file and its WCS. Throws a DataError
/// naming `what` when the bytes are not a 2-D FITS image or carry no
/// celestial WCS.
Image read_fits(BytesView bytes, const std::string& what);

/// True when the file's primary HDU has celestial coordinates (CTYPE1 and
/// CTYPE2); `reason` says what is wrong otherwise.
bool has_celestial_wcs(const std::filesystem::path& path, std::string& reason);

Bytes read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, BytesView bytes);

}  // namespace taps::montage
