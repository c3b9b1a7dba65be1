#include "fits_image.hpp"

#include <taps/error.hpp>

#include <fitsio.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>

namespace taps::montage {

namespace {

std::string cfitsio_message(int status) {
  char text[FLEN_STATUS];
  fits_get_errstatus(status, text);
  char message[FLEN_ERRMSG];
  std::string detail;
  while (fits_read_errmsg(message) != 0) detail += std::string(" ") + message;
  return std::string(text) + (detail.empty() ? "" : ":" + detail);
}

void check(int status, const std::string& what) {
  if (status != 0) throw Error("DataError", what + ": " + cfitsio_message(status));
}

struct FileCloser {
  void operator()(fitsfile* f) const {
    int status = 0;
    fits_close_file(f, &status);
  }
};
using FitsFile = std::unique_ptr<fitsfile, FileCloser>;

// Reads the celestial WCS keywords; status != 0 when there are none.
Wcs read_wcs(fitsfile* f, int& status) {
  Wcs w;
  char type[FLEN_VALUE] = "";
  fits_read_img_coord(f, &w.crval1, &w.crval2, &w.crpix1, &w.crpix2, &w.cdelt1, &w.cdelt2, &w.crota2, type,
                      &status);
  w.projection = type;
  return w;
}

}  // namespace

Wcs::Sky Wcs::to_sky(Pixel p) const {
  Sky s{};
  int status = 0;
  fits_pix_to_world(p.x, p.y, crval1, crval2, crpix1, crpix2, cdelt1, cdelt2, crota2,
                    const_cast<char*>(projection.c_str()), &s.ra, &s.dec, &status);
  if (status != 0) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  return s;
}

Wcs::Pixel Wcs::to_pixel(Sky s) const {
  Pixel p{};
  int status = 0;
  fits_world_to_pix(s.ra, s.dec, crval1, crval2, crpix1, crpix2, cdelt1, cdelt2, crota2,
                    const_cast<char*>(projection.c_str()), &p.x, &p.y, &status);
  if (status != 0) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  return p;
}

Bytes write_fits(const Image& image) {
  std::size_t size = 2880 * 4;
  void* memory = std::malloc(size);
  if (memory == nullptr) throw std::bad_alloc();
  fitsfile* raw = nullptr;
  int status = 0;
  fits_create_memfile(&raw, &memory, &size, 2880 * 16, &std::realloc, &status);
  if (status != 0) {
    std::free(memory);
    check(status, "creating a FITS file in memory");
  }
  long axes[2] = {image.width, image.height};
  fits_create_img(raw, DOUBLE_IMG, 2, axes, &status);
  const Wcs& w = image.wcs;
  const std::string ctype1 = "RA--" + w.projection, ctype2 = "DEC-" + w.projection;
  fits_write_key_str(raw, "CTYPE1", ctype1.c_str(), nullptr, &status);
  fits_write_key_str(raw, "CTYPE2", ctype2.c_str(), nullptr, &status);
  fits_write_key_dbl(raw, "EQUINOX", 2000.0, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CRVAL1", w.crval1, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CRVAL2", w.crval2, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CRPIX1", w.crpix1, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CRPIX2", w.crpix2, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CDELT1", w.cdelt1, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CDELT2", w.cdelt2, -15, nullptr, &status);
  fits_write_key_dbl(raw, "CROTA2", w.crota2, -15, nullptr, &status);
  std::vector<double> pixels = image.pixels;
  fits_write_imgnull(raw, TDOUBLE, 1, static_cast<LONGLONG>(pixels.size()), pixels.data(), nullptr, &status);
  fits_close_file(raw, &status);
  if (status != 0) {
    std::free(memory);
    check(status, "writing a FITS image");
  }
  const auto* begin = static_cast<const std::uint8_t*>(memory);
  // The memory file grows in whole 2880-byte blocks; the file ends at the
  // last block CFITSIO wrote, which is what `size` counts after close.
  Bytes bytes(begin, begin + size);
  std::free(memory);
  return bytes;
}

Image read_fits(BytesView bytes, const std::string& what) {
  void* memory = const_cast<std::uint8_t*>(bytes.data);
  std::size_t size = bytes.size;
  fitsfile* raw = nullptr;
  int status = 0;
  fits_open_memfile(&raw, what.c_str(), READONLY, &memory, &size, 0, nullptr, &status);
  check(status, what + " is not a FITS file");
  FitsFile file(raw);
  int axes_count = 0;
  long axes[3] = {0, 0, 0};
  fits_get_img_dim(raw, &axes_count, &status);
  fits_get_img_size(raw, 3, axes, &status);
  check(status, what + " has no readable image");
  if (axes_count < 2 || axes[0] < 1 || axes[1] < 1 || (axes_count > 2 && axes[2] > 1)) {
    throw Error("DataError", what + " is not a 2-D image (NAXIS = " + std::to_string(axes_count) + ")");
  }
  Image image;
  image.width = axes[0];
  image.height = axes[1];
  image.wcs = read_wcs(raw, status);
  check(status, what + " has no celestial WCS (CTYPE/CRVAL/CRPIX/CDELT)");
  image.pixels.resize(static_cast<std::size_t>(image.width * image.height));
  double blank = std::numeric_limits<double>::quiet_NaN();
  int any_null = 0;
  fits_read_img(raw, TDOUBLE, 1, static_cast<LONGLONG>(image.pixels.size()), &blank, image.pixels.data(), &any_null,
                &status);
  check(status, "reading the pixels of " + what);
  return image;
}

bool has_celestial_wcs(const std::filesystem::path& path, std::string& reason) {
  fitsfile* raw = nullptr;
  int status = 0;
  fits_open_image(&raw, path.c_str(), READONLY, &status);
  if (status != 0) {
    reason = "not a FITS image (" + cfitsio_message(status) + ")";
    return false;
  }
  FitsFile file(raw);
  char ctype1[FLEN_VALUE] = "", ctype2[FLEN_VALUE] = "";
  fits_read_key_str(raw, "CTYPE1", ctype1, nullptr, &status);
  fits_read_key_str(raw, "CTYPE2", ctype2, nullptr, &status);
  if (status != 0) {
    reason = "no WCS: the header has no CTYPE1/CTYPE2 keywords (Montage needs celestial coordinates)";
    return false;
  }
  read_wcs(raw, status);
  if (status != 0) {
    reason = "no usable celestial WCS (CTYPE1 = '" + std::string(ctype1) + "'): " + cfitsio_message(status);
    return false;
  }
  return true;
}

Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("DataError", "cannot read '" + path.string() + "'");
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::filesystem::path& path, BytesView bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data), static_cast<std::streamsize>(bytes.size));
  if (!out) throw Error("DataError", "cannot write '" + path.string() + "'");
}

}  // namespace taps::montage
