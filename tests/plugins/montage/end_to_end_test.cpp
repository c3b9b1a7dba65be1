// The montage app run by taps-host with the real Montage programs: a 3 x 3
// mosaic of 128 px tiles from the M51 frame on the thread pool and the
// process pool with the shm and file transformers and on Work Queue, each
// verified by the app itself (seams and sky); and broken inputs that fail
// with a message naming the problem.
#include "../host_run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

const std::string small_mosaic = "--app montage --app.tiles 3 --app.tile-size 128 --app.projector mProjectPP ";

// The run made and verified a mosaic with 2N + P + 3 tasks, one per stage
// and image or overlapping pair.
void expect_verified_mosaic(const HostRun& run) {
  ASSERT_EQ(run.exit_status(), 0) << run.output();
  const auto summary = read_json(run.run_dir() / "montage.json");
  ASSERT_TRUE(summary.IsObject());
  EXPECT_TRUE(summary["verified"].GetBool());
  EXPECT_EQ(summary["images"].GetInt(), 9);
  const int pairs = summary["overlaps"].GetInt();
  EXPECT_GE(pairs, 12) << "at least the 12 neighbours of a 3 x 3 grid overlap";
  EXPECT_EQ(run.task_counts(), (std::map<std::string, int>{{"project_task", 9},
                                                            {"overlaps_task", 1},
                                                            {"diff_fit_task", pairs},
                                                            {"background_model_task", 1},
                                                            {"background_task", 9},
                                                            {"add_task", 1}}));
  EXPECT_EQ(summary["tasks"].GetInt(), 2 * 9 + pairs + 3);
  EXPECT_GE(summary["overlap_mean_abs_diff_before"].GetDouble(),
            10 * summary["overlap_mean_abs_diff_after"].GetDouble());
  EXPECT_LT(summary["sky_relative_rms"].GetDouble(), summary["sky_relative_rms_bound"].GetDouble());
  EXPECT_NEAR(summary["flux_ratio"].GetDouble(), 1, 0.01);
  for (const char* output : {"mosaic.fits", "mosaic_area.fits", "mosaic.png", "data/Kimages.hdr"}) {
    EXPECT_TRUE(fs::exists(run.run_dir() / output)) << output;
  }
}

TEST(MontageOnThreadPool, BuildsAVerifiedMosaicWithTheShmTransformer) {
  const Scratch scratch;
  const HostRun run(scratch, small_mosaic + "--engine.executor thread-pool --engine.executor.workers 2 "
                                            "--engine.transformer shm");
  expect_verified_mosaic(run);
}

TEST(MontageOnProcessPool, BuildsAVerifiedMosaicWithTheFileTransformer) {
  const Scratch scratch;
  const HostRun run(scratch, small_mosaic + "--engine.executor process-pool --engine.executor.workers 2 "
                                            "--engine.transformer file --engine.transformer.file-dir " +
                                 (scratch.path() / "objects").string());
  expect_verified_mosaic(run);
}

#ifdef TAPS_HAVE_WORKQUEUE
TEST(MontageOnWorkQueue, BuildsAVerifiedMosaicOnTwoLocalWorkers) {
  const Scratch scratch;
  const HostRun run(scratch, small_mosaic + "--engine.executor workqueue --engine.executor.port 0 "
                                            "--engine.executor.local-workers 2");
  expect_verified_mosaic(run);
}
#endif

TEST(MontageOnTapsHost, FailsClearlyOnAnEmptyFolder) {
  const Scratch scratch;
  fs::create_directories(scratch.path() / "empty");
  const HostRun run(scratch, "--app montage --app.img-folder " + (scratch.path() / "empty").string());
  EXPECT_EQ(run.exit_status(), 1);
  EXPECT_NE(run.output().find("empty' holds no FITS images"), std::string::npos) << run.output();
}

TEST(MontageOnTapsHost, FailsClearlyOnAFitsImageWithoutWcs) {
  const Scratch scratch;
  fs::create_directories(scratch.path() / "images");
  // A valid FITS image (one 2880-byte header block, one data block) that
  // says nothing about where on the sky it is.
  std::string header;
  for (const char* card : {"SIMPLE  =                    T", "BITPIX  =                    8",
                           "NAXIS   =                    2", "NAXIS1  =                   16",
                           "NAXIS2  =                   16", "END"}) {
    std::string line(card);
    header += line + std::string(80 - line.size(), ' ');
  }
  header.resize(2880, ' ');
  std::ofstream(scratch.path() / "images" / "plain.fits", std::ios::binary) << header << std::string(2880, '\0');
  const HostRun run(scratch, "--app montage --app.img-folder " + (scratch.path() / "images").string());
  EXPECT_EQ(run.exit_status(), 1);
  EXPECT_NE(run.output().find("plain.fits': no WCS"), std::string::npos) << run.output();
}

}  // namespace
}  // namespace taps::testing
