// verification.hpp — how the montage app proves its mosaic is right.
//
// 1. Background matching: for every overlapping pair, the mean absolute
//    pixel difference over the pixels both images cover fully, averaged
//    over the pairs; measured on the projected images (before) and on the
//    background-corrected ones (after). The run fails unless after is at
//    least 10x smaller.
// 2. The mosaic is the sky (generated input only): the mosaic, resampled
//    bilinearly back onto the M51 frame, is compared with the frame's
//    original pixels. Only frame pixels that lie inside at least one tile
//    and at least `edge_margin` pixels away from every tile's edge take
//    part (a seam's inside counts, the ragged band along a tile border does
//    not); a blank or zero-area mosaic pixel there is a hole and fails the
//    run. The mosaic keeps one background plane common to all tiles
//    (background matching fixes differences, not the absolute level), so a
//    plane is fitted to mosaic - frame over the faintest 30 % of those
//    pixels (the sky) and subtracted. Then
//      relative RMS = rms(mosaic - plane - frame) / rms(frame - mean(frame))
//    must be below sky_rms_bound. Three resamplings (the generator's
//    bilinear cut, mProject's overlap-area average, the bilinear way back)
//    blur the frame by about a pixel, which alone leaves 0.12-0.20 on
//    M51's nucleus and stars (a half-pixel misregistration doubles it).
//    The same over the means of sky_block x sky_block pixel blocks, where
//    the blur cancels, must be below sky_block_rms_bound; and the flux
//    sum(mosaic - plane) / sum(frame) must be within 1 % of 1.
#pragma once

#include "fits_image.hpp"
#include "montage_values.hpp"

#include <cstddef>
#include <vector>

namespace taps::montage {

inline constexpr double required_background_reduction = 10.0;
inline constexpr double sky_rms_bound = 0.3;
inline constexpr long sky_block = 8;
inline constexpr double sky_block_rms_bound = 0.05;
inline constexpr double flux_tolerance = 0.01;
inline constexpr double edge_margin = 3.0;

struct OverlapDifference {
  double mean_abs;     // mean over the pairs of each pair's mean |a - b|
  std::size_t pairs;   // pairs with common pixels
  std::size_t pixels;  // common pixels over all pairs
};

/// Images and their area files on one pixel grid (Montage's projected
/// images: the same header, cut at integer offsets).
OverlapDifference overlap_difference(const std::vector<Image>& images, const std::vector<Image>& areas,
                                     const std::vector<Overlap>& pairs);

struct SkyComparison {
  double relative_rms;        // pixel by pixel
  double block_relative_rms;  // over sky_block x sky_block blocks
  double flux_ratio;
  std::size_t pixels;  // frame pixels compared
  std::size_t blocks;  // whole blocks compared
  double plane_a, plane_b, plane_c;  // the common background left in the mosaic, per frame pixel
};

/// Compares the mosaic with the frame the tiles were cut from (`tiles`:
/// each tile's WCS and size). Throws a VerificationError naming the first
/// hole, or when no frame pixel qualifies.
SkyComparison compare_with_frame(const Image& frame, const std::vector<Image>& tiles, const Image& mosaic,
                                 const Image& mosaic_area);

}  // namespace taps::montage
