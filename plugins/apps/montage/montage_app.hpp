// montage_app.hpp — the reference's montage app: a mosaic of astronomical
// images built by Montage 6's programs, stage by stage as tasks, with the
// seams and the sky measured.
#pragma once

#include "tasks.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace taps::montage {

class MontageApp {
 public:
  static constexpr PluginInfo info{"montage", "1.0.0",
                                   "Astronomical mosaic with Montage 6: project, difference + fit, background "
                                   "model, correction and co-add as tasks."};
  static constexpr taps_option_desc options[] = {
      option::string("img_folder",
                     "Folder of FITS images with celestial WCS (e.g. 2MASS tiles); empty: tiles generated from the "
                     "M51 frame of Debian's iraf package.")
          .defaults(""),
      option::string("img_tbl", "Name of the input image table (mImgtbl) in output_dir.").defaults("Kimages.tbl"),
      option::string("img_hdr", "Name of the mosaic header (mMakeHdr) in output_dir.").defaults("Kimages.hdr"),
      option::string("output_dir", "Folder for the tables, header and generated tiles, inside the run directory.")
          .defaults("data"),
      option::choice("projector", "mProject|mProjectPP",
                     "mProject: exact reprojection; mProjectPP: plane-to-plane, for TAN to TAN, about 5x faster.")
          .defaults("mProject"),
      option::integer("tiles", "Generated input: tiles per side of the square grid.").defaults("4").min(1),
      option::integer("tile_size", "Generated input: side of a tile, pixels.").defaults("128").min(16),
      option::real("overlap", "Generated input: fraction of a tile its neighbour shares.")
          .defaults("0.2").min(0.05).max(0.9),
      option::integer("seed", "Generated input: seed of pointings, rotations, backgrounds and noise.").defaults("0"),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(project_task),         TAPS_TASK(overlaps_task),
                                      TAPS_TASK(diff_fit_task),        TAPS_TASK(background_model_task),
                                      TAPS_TASK(background_task),      TAPS_TASK(add_task)};

  MontageApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Host host_;
  std::filesystem::path img_folder_;
  std::string img_tbl_;
  std::string img_hdr_;
  std::string output_dir_;
  std::string projector_;
  long tiles_;
  long tile_size_;
  double overlap_;
  std::uint64_t seed_;
};

}  // namespace taps::montage
