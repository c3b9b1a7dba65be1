// m51_frame.hpp — the real sky the generated tiles are cut from: the M51
// CCD frame Debian's iraf package ships as its test image.
//
// /usr/lib/iraf/dev/pix.pix holds 512 x 512 big-endian int16 pixels after a
// 2048-byte header; row 1 comes first, as in FITS. The header (pix.imh)
// records RA 13:29:24, Dec 47:15:34 but no plate scale or orientation: the
// frame is given a TAN WCS centred on that position with north up, east
// left and 1 arcsec pixels (the absolute position and scale do not matter
// to the workflow, only that every tile's WCS is consistent with it).
#pragma once

#include "fits_image.hpp"

#include <filesystem>

namespace taps::montage {

inline const std::filesystem::path m51_frame_path = "/usr/lib/iraf/dev/pix.pix";

/// Reads the frame and gives it its WCS. Throws a DataError naming the file
/// (and the package to install) when it is missing or short.
Image read_m51_frame(const std::filesystem::path& path = m51_frame_path);

}  // namespace taps::montage
