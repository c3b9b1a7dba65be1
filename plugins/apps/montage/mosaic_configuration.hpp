// mosaic_configuration.hpp — the workflow's first stage, on the client:
// the input images found and checked, catalogued (mImgtbl) and the mosaic
// header that bounds them all made (mMakeHdr).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace taps::montage {

struct MosaicConfiguration {
  std::vector<std::filesystem::path> images;  // sorted by name; image i has cntr i
  std::string header;                         // the mosaic's FITS header template, as text
};

/// Finds the *.fits / *.fit files of `img_folder` and writes their table to
/// `img_tbl` and the mosaic header to `img_hdr`. Throws a DataError naming
/// the problem when the folder is missing or holds no FITS images, or when
/// an image has no celestial WCS.
MosaicConfiguration configure_mosaic(const std::filesystem::path& img_folder, const std::filesystem::path& img_tbl,
                                     const std::filesystem::path& img_hdr);

}  // namespace taps::montage
