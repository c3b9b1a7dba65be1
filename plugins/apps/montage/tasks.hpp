// tasks.hpp — the montage app's task functions, one per workflow stage.
//
// Each task writes the FITS bytes it is given into a private temporary
// directory, runs Montage's programs there, reads back what they wrote and
// removes the directory: no task reads or writes a path of the client's.
// A Montage ERROR fails the task with Montage's message (MontageError).
#pragma once

#include "montage_values.hpp"

#include <taps/task.hpp>

#include <cstdint>
#include <string>

namespace taps::montage {

/// Reprojects one input image onto the mosaic's header with `projector`
/// (mProject or mProjectPP).
FitsPair project_task(std::string projector, std::string header, BytesView image);

/// mImgtbl + mOverlaps over the projected images (numbered in argument
/// order): which pairs overlap.
OverlapTable overlaps_task(Rest<FitsPairView> projected);

/// mDiff + mFitplane on one overlapping pair (Montage 6's Debian build
/// has no mDiffFit): the plane that fits plus - minus.
PlaneFit diff_fit_task(std::string header, std::uint32_t plus, std::uint32_t minus, FitsPairView plus_image,
                       FitsPairView minus_image);

/// mBgModel: the background correction of every image from all the fits.
Corrections background_model_task(OverlapTable overlaps, Rest<PlaneFit> fits);

/// mBackground: image `index` minus its correction plane.
FitsPair background_task(std::uint32_t index, Corrections corrections, FitsPairView projected);

/// mImgtbl + mAdd: the corrected images co-added onto the mosaic header
/// (area-weighted mean); the mosaic and its area image.
FitsPair add_task(std::string header, Rest<FitsPairView> corrected);

}  // namespace taps::montage
