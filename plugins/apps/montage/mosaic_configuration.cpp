#include "mosaic_configuration.hpp"

#include "fits_image.hpp"
#include "montage_tables.hpp"
#include "montage_tool.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace taps::montage {

namespace fs = std::filesystem;

MosaicConfiguration configure_mosaic(const fs::path& img_folder, const fs::path& img_tbl, const fs::path& img_hdr) {
  if (!fs::is_directory(img_folder)) {
    throw Error("DataError", "img_folder '" + img_folder.string() + "' is not a directory");
  }
  MosaicConfiguration c;
  for (const auto& entry : fs::directory_iterator(img_folder)) {
    const std::string extension = entry.path().extension().string();
    if (entry.is_regular_file() && (extension == ".fits" || extension == ".fit")) c.images.push_back(entry.path());
  }
  if (c.images.empty()) {
    throw Error("DataError", "img_folder '" + img_folder.string() + "' holds no FITS images (*.fits, *.fit)");
  }
  std::sort(c.images.begin(), c.images.end());
  for (const auto& image : c.images) {
    std::string reason;
    if (!has_celestial_wcs(image, reason)) throw Error("DataError", "input image '" + image.string() + "': " + reason);
  }

  std::vector<std::string> names;
  for (const auto& image : c.images) names.push_back(image.filename().string());
  const PrivateDir scratch;
  {
    std::ofstream list(scratch / "list.tbl");
    list << image_list_table(names);
  }
  fs::create_directories(img_tbl.parent_path());
  fs::create_directories(img_hdr.parent_path());
  ToolReport table =
      run_montage("mImgtbl", {"-t", (scratch / "list.tbl").string(), img_folder.string(), img_tbl.string()});
  if (report_number(table, "mImgtbl", "count") != static_cast<double>(c.images.size())) {
    throw Error("DataError", "mImgtbl catalogued " + table.at("count") + " of the " +
                                 std::to_string(c.images.size()) + " images in '" + img_folder.string() +
                                 "' (badfits=" + table["badfits"] + ", badwcs=" + table["badwcs"] + ")");
  }
  run_montage("mMakeHdr", {img_tbl.string(), img_hdr.string()});
  std::ifstream header(img_hdr);
  c.header.assign(std::istreambuf_iterator<char>(header), std::istreambuf_iterator<char>());
  return c;
}

}  // namespace taps::montage
