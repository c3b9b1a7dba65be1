#include "tasks.hpp"

#include "fits_image.hpp"
#include "montage_tables.hpp"
#include "montage_tool.hpp"

#include <taps/error.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

namespace taps::montage {

namespace {

namespace fs = std::filesystem;

std::string numbered(std::size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "i%04zu.fits", i);
  return name;
}

// Montage's name for the area file of `image.fits`: `image_area.fits`.
fs::path area_of(const fs::path& image) {
  return image.parent_path() / (image.stem().string() + "_area.fits");
}

void write_pair(const FitsPairView& pair, const fs::path& image) {
  write_file(image, pair.image);
  write_file(area_of(image), pair.area);
}

FitsPair read_pair(const fs::path& image) { return {read_file(image), read_file(area_of(image))}; }

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw Error("MontageError", "cannot write '" + path.string() + "'");
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string number(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// Writes images 0..n-1 into `dir` and catalogues them in that order
// (so cntr = index), checking mImgtbl took every one.
fs::path catalogue(const PrivateDir& dir, const Rest<FitsPairView>& images, bool with_areas) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < images.size(); ++i) {
    names.push_back(numbered(i));
    if (with_areas) {
      write_pair(images[i], dir / names.back());
    } else {
      write_file(dir / names.back(), images[i].image);
    }
  }
  write_text(dir / "list.tbl", image_list_table(names));
  const fs::path table = dir / "images.tbl";
  const ToolReport report =
      run_montage("mImgtbl", {"-t", (dir / "list.tbl").string(), dir.path().string(), table.string()});
  const double count = report_number(report, "mImgtbl", "count");
  if (count != static_cast<double>(images.size())) {
    throw Error("MontageError", "mImgtbl catalogued " + number(count) + " of " + std::to_string(images.size()) +
                                    " images (bad FITS or WCS in a projected image)");
  }
  return table;
}

}  // namespace

FitsPair project_task(std::string projector, std::string header, BytesView image) {
  if (projector != "mProject" && projector != "mProjectPP") {
    throw Error("ConfigError", "projector '" + projector + "' is neither mProject nor mProjectPP");
  }
  const PrivateDir dir;
  write_file(dir / "in.fits", image);
  write_text(dir / "template.hdr", header);
  run_montage(projector, {(dir / "in.fits").string(), (dir / "out.fits").string(), (dir / "template.hdr").string()});
  return read_pair(dir / "out.fits");
}

OverlapTable overlaps_task(Rest<FitsPairView> projected) {
  const PrivateDir dir;
  const fs::path images = catalogue(dir, projected, false);
  run_montage("mOverlaps", {images.string(), (dir / "diffs.tbl").string()});
  return {read_text(images), overlap_pairs(read_text(dir / "diffs.tbl"), projected.size())};
}

PlaneFit diff_fit_task(std::string header, std::uint32_t plus, std::uint32_t minus, FitsPairView plus_image,
                       FitsPairView minus_image) {
  const PrivateDir dir;
  write_pair(plus_image, dir / "plus.fits");
  write_pair(minus_image, dir / "minus.fits");
  write_text(dir / "template.hdr", header);
  run_montage("mDiff", {(dir / "plus.fits").string(), (dir / "minus.fits").string(), (dir / "diff.fits").string(),
                        (dir / "template.hdr").string()});
  const ToolReport fit = run_montage("mFitplane", {(dir / "diff.fits").string()});
  PlaneFit result{plus, minus, {}};
  for (const char* column : plane_fit_columns) result.values.push_back(report_number(fit, "mFitplane", column));
  return result;
}

Corrections background_model_task(OverlapTable overlaps, Rest<PlaneFit> fits) {
  const PrivateDir dir;
  write_text(dir / "images.tbl", overlaps.images_table);
  write_text(dir / "fits.tbl", plane_fit_table(std::vector<PlaneFit>(fits.begin(), fits.end())));
  run_montage("mBgModel", {(dir / "images.tbl").string(), (dir / "fits.tbl").string(),
                           (dir / "corrections.tbl").string()});
  return read_corrections(read_text(dir / "corrections.tbl"), table_rows(overlaps.images_table).size());
}

FitsPair background_task(std::uint32_t index, Corrections corrections, FitsPairView projected) {
  if (3 * static_cast<std::size_t>(index) + 2 >= corrections.abc.size()) {
    throw Error("MontageError", "no background correction for image " + std::to_string(index));
  }
  const PrivateDir dir;
  write_pair(projected, dir / "in.fits");
  const double* abc = &corrections.abc[3 * static_cast<std::size_t>(index)];
  run_montage("mBackground", {(dir / "in.fits").string(), (dir / "out.fits").string(), number(abc[0]),
                              number(abc[1]), number(abc[2])});
  return read_pair(dir / "out.fits");
}

FitsPair add_task(std::string header, Rest<FitsPairView> corrected) {
  const PrivateDir dir;
  const fs::path images = catalogue(dir, corrected, true);
  write_text(dir / "template.hdr", header);
  run_montage("mAdd", {"-p", dir.path().string(), images.string(), (dir / "template.hdr").string(),
                       (dir / "mosaic.fits").string()});
  return read_pair(dir / "mosaic.fits");
}

}  // namespace taps::montage
