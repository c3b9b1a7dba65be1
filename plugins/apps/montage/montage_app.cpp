#include "montage_app.hpp"

#include "fits_image.hpp"
#include "m51_frame.hpp"
#include "montage_tool.hpp"
#include "mosaic_configuration.hpp"
#include "sky_tiles.hpp"
#include "verification.hpp"

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace taps::montage {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

struct Summary {
  std::size_t images = 0;
  std::size_t overlaps = 0;
  std::size_t tasks = 0;
  std::string projector;
  long mosaic_width = 0, mosaic_height = 0;
  double seconds = 0;
  std::optional<OverlapDifference> before, after;
  std::optional<SkyComparison> sky;
  bool verified = false;
};

// montage.json: what benchmark scripts and tests read.
void write_summary(const Summary& s, const fs::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  rapidjson::PrettyWriter<rapidjson::FileWriteStream> w(stream);
  w.StartObject();
  w.Key("images");
  w.Uint64(s.images);
  w.Key("overlaps");
  w.Uint64(s.overlaps);
  w.Key("tasks");
  w.Uint64(s.tasks);
  w.Key("projector");
  w.String(s.projector.c_str());
  w.Key("mosaic_width");
  w.Int64(s.mosaic_width);
  w.Key("mosaic_height");
  w.Int64(s.mosaic_height);
  w.Key("seconds");
  w.Double(s.seconds);
  if (s.before && s.after) {
    w.Key("overlap_mean_abs_diff_before");
    w.Double(s.before->mean_abs);
    w.Key("overlap_mean_abs_diff_after");
    w.Double(s.after->mean_abs);
    w.Key("overlap_reduction");
    w.Double(s.before->mean_abs / s.after->mean_abs);
    w.Key("overlap_pixels");
    w.Uint64(s.after->pixels);
    w.Key("required_reduction");
    w.Double(required_background_reduction);
  }
  if (s.sky) {
    w.Key("sky_relative_rms");
    w.Double(s.sky->relative_rms);
    w.Key("sky_relative_rms_bound");
    w.Double(sky_rms_bound);
    w.Key("sky_block_relative_rms");
    w.Double(s.sky->block_relative_rms);
    w.Key("sky_block_relative_rms_bound");
    w.Double(sky_block_rms_bound);
    w.Key("sky_block_pixels");
    w.Int64(sky_block);
    w.Key("flux_ratio");
    w.Double(s.sky->flux_ratio);
    w.Key("flux_tolerance");
    w.Double(flux_tolerance);
    w.Key("sky_pixels_compared");
    w.Uint64(s.sky->pixels);
  }
  w.Key("verified");
  w.Bool(s.verified);
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
}

std::vector<Image> images_of(std::vector<TaskFuture<FitsPair>>& futures, bool areas, const char* what) {
  std::vector<Image> images;
  for (std::size_t i = 0; i < futures.size(); ++i) {
    const FitsPair& pair = futures[i].result();
    images.push_back(read_fits(areas ? pair.area : pair.image, std::string(what) + " " + std::to_string(i)));
  }
  return images;
}

}  // namespace

MontageApp::MontageApp(Host host, const Config& config)
    : host_(host), img_folder_(config.get_string("img_folder")), img_tbl_(config.get_string("img_tbl")),
      img_hdr_(config.get_string("img_hdr")), output_dir_(config.get_string("output_dir")),
      projector_(config.get_string("projector")), tiles_(config.get_int("tiles")),
      tile_size_(config.get_int("tile_size")), overlap_(config.get_double("overlap")),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))) {
  if (!img_folder_.empty() && !fs::is_directory(img_folder_)) {
    throw Error("ConfigError", "img_folder '" + img_folder_.string() + "' is not a directory",
                TAPS_INVALID_ARGUMENT);
  }
}

void MontageApp::run(Engine& engine, const fs::path& run_dir) {
  const fs::path output = run_dir / output_dir_;
  fs::create_directories(output);

  // The input: a user's images, or tiles cut from the M51 frame.
  fs::path folder = img_folder_;
  std::optional<Image> frame;
  std::vector<Image> tile_geometry;
  if (folder.empty()) {
    frame = read_m51_frame();
    const std::vector<Tile> tiles = make_tiles(*frame, {tiles_, tile_size_, overlap_, seed_});
    folder = output / "tiles";
    write_tiles(tiles, folder);
    for (const Tile& t : tiles) tile_geometry.push_back(Image{t.image.width, t.image.height, {}, t.image.wcs});
    host_.info("Generated " + std::to_string(tiles.size()) + " tiles of " + std::to_string(tile_size_) + "x" +
               std::to_string(tile_size_) + " px from the M51 frame (overlap " + format("%.2f", overlap_) +
               ", seed " + std::to_string(seed_) + ") in " + folder.string());
  }

  // Configure, on the client: mImgtbl + mMakeHdr.
  const MosaicConfiguration configuration = configure_mosaic(folder, output / img_tbl_, output / img_hdr_);
  const std::size_t n = configuration.images.size();
  host_.info("Configured: " + std::to_string(n) + " images in " + folder.string() + ", mosaic header " +
             (output / img_hdr_).string());

  const auto start = Clock::now();
  std::vector<TaskFuture<FitsPair>> projected;
  for (const fs::path& image : configuration.images) {
    projected.push_back(engine.submit(project_task, projector_, configuration.header, read_file(image)));
  }
  host_.info("Submitted " + std::to_string(n) + " " + projector_ + " tasks");
  auto overlaps = engine.submit(overlaps_task, projected);
  const std::vector<Overlap> pairs = overlaps.result().pairs;
  host_.info("mOverlaps: " + std::to_string(pairs.size()) + " overlapping pairs");

  std::vector<TaskFuture<FitsPair>> corrected;
  std::size_t task_count = n + 1;
  if (pairs.empty()) {
    host_.warning("No image overlaps another: no background matching; the projected images are co-added as they are");
    corrected = projected;
  } else {
    std::vector<TaskFuture<PlaneFit>> fits;
    for (const Overlap& pair : pairs) {
      fits.push_back(engine.submit(diff_fit_task, configuration.header, pair.plus, pair.minus,
                                   projected[pair.plus], projected[pair.minus]));
    }
    auto corrections = engine.submit(background_model_task, overlaps, fits);
    for (std::uint32_t i = 0; i < n; ++i) {
      corrected.push_back(engine.submit(background_task, i, corrections, projected[i]));
    }
    task_count += pairs.size() + 1 + n;
    host_.info("Submitted " + std::to_string(pairs.size()) + " mDiff+mFitplane tasks, 1 mBgModel task, " +
               std::to_string(n) + " mBackground tasks");
  }
  auto added = engine.submit(add_task, configuration.header, corrected);
  ++task_count;
  host_.info("Submitted the mAdd task: " + std::to_string(task_count) + " tasks in all (2N + P + 3 for N = " +
             std::to_string(n) + " images, P = " + std::to_string(pairs.size()) + " overlapping pairs)");
  const FitsPair& mosaic_files = added.result();
  Summary summary;
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.images = n;
  summary.overlaps = pairs.size();
  summary.tasks = task_count;
  summary.projector = projector_;
  host_.info("Mosaic made in " + format("%.3f", summary.seconds) + " s");

  write_file(run_dir / "mosaic.fits", mosaic_files.image);
  write_file(run_dir / "mosaic_area.fits", mosaic_files.area);
  const ToolReport preview = run_montage("mViewer", {"-gray", (run_dir / "mosaic.fits").string(), "-1s", "max",
                                                     "gaussian-log", "-out", (run_dir / "mosaic.png").string()});
  host_.info("Wrote mosaic.fits and its preview mosaic.png (" + preview.at("width") + "x" + preview.at("height") +
             ")");
  const Image mosaic = read_fits(mosaic_files.image, "mosaic.fits");
  summary.mosaic_width = mosaic.width;
  summary.mosaic_height = mosaic.height;

  // Verification: the seams, then (generated input) the sky itself.
  std::string failure;
  if (!pairs.empty()) {
    const std::vector<Image> areas = images_of(projected, true, "area of projected image");
    summary.before = overlap_difference(images_of(projected, false, "projected image"), areas, pairs);
    summary.after = overlap_difference(images_of(corrected, false, "corrected image"), areas, pairs);
    const double reduction = summary.before->mean_abs / summary.after->mean_abs;
    host_.info("Overlaps: mean |difference| " + format("%.3f", summary.before->mean_abs) + " before, " +
               format("%.3f", summary.after->mean_abs) + " after background matching (" + format("%.1f", reduction) +
               "x smaller, over " + std::to_string(summary.after->pairs) + " pairs)");
    if (!(reduction >= required_background_reduction)) {
      failure = "background matching reduced the overlaps' mean |difference| only " + format("%.2f", reduction) +
                "x (from " + format("%.3f", summary.before->mean_abs) + " to " +
                format("%.3f", summary.after->mean_abs) + "); at least " +
                format("%.0f", required_background_reduction) + "x is required";
    }
  }
  if (frame) {
    try {
      const Image area = read_fits(mosaic_files.area, "mosaic_area.fits");
      summary.sky = compare_with_frame(*frame, tile_geometry, mosaic, area);
      host_.info("Sky: the mosaic resampled onto the M51 frame has relative RMS error " +
                 format("%.4f", summary.sky->relative_rms) + " (bound " + format("%.2f", sky_rms_bound) +
                 "), " + format("%.4f", summary.sky->block_relative_rms) + " over " + std::to_string(sky_block) + "x" +
                 std::to_string(sky_block) + " blocks (bound " + format("%.2f", sky_block_rms_bound) +
                 ") and flux ratio " + format("%.5f", summary.sky->flux_ratio) + " over " +
                 std::to_string(summary.sky->pixels) + " frame pixels");
      if (!(summary.sky->relative_rms < sky_rms_bound)) {
        failure += (failure.empty() ? "" : "; ") + std::string("the mosaic differs from the sky: relative RMS ") +
                   format("%.4f", summary.sky->relative_rms) + " is not below " + format("%.2f", sky_rms_bound);
      }
      if (!(summary.sky->block_relative_rms < sky_block_rms_bound)) {
        failure += (failure.empty() ? "" : "; ") + std::string("the mosaic differs from the sky over ") +
                   std::to_string(sky_block) + "x" + std::to_string(sky_block) + " blocks: relative RMS " +
                   format("%.4f", summary.sky->block_relative_rms) + " is not below " +
                   format("%.2f", sky_block_rms_bound);
      }
      if (!(std::abs(summary.sky->flux_ratio - 1) <= flux_tolerance)) {
        failure += (failure.empty() ? "" : "; ") + std::string("flux is not conserved: mosaic/frame = ") +
                   format("%.5f", summary.sky->flux_ratio);
      }
    } catch (const Error& e) {
      if (e.type() != "VerificationError") throw;
      failure += (failure.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  summary.verified = failure.empty();
  write_summary(summary, run_dir / "montage.json");
  if (!failure.empty()) throw Error("VerificationError", failure);
  host_.info(std::string("Verified: ") + (pairs.empty() ? "" : "background matching, ") +
             (frame ? "the mosaic matches the sky it was cut from" : "(no reference sky for user images)"));
}

}  // namespace taps::montage
