#include "verification.hpp"

#include <taps/error.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

namespace taps::montage {

namespace {

double max_area(const Image& area) {
  double m = 0;
  for (const double a : area.pixels) {
    if (std::isfinite(a)) m = std::max(m, a);
  }
  return m;
}

// The integer offset that moves pixel x of `image` onto the grid of
// `reference`; throws when the two are not on one grid.
long offset(double crpix_reference, double crpix_image, const char* axis) {
  const double d = crpix_reference - crpix_image;
  if (std::abs(d - std::round(d)) > 1e-6) {
    throw Error("VerificationError", std::string("projected images are not on one pixel grid (CRPIX") + axis +
                                         " differs by a fraction)");
  }
  return std::lround(d);
}

// Solves the 3 x 3 normal equations of a least-squares plane c + a x + b y.
std::array<double, 3> fit_plane(const std::vector<std::array<double, 3>>& points) {
  double m[3][4] = {};
  for (const auto& [x, y, v] : points) {
    const double row[3] = {x, y, 1};
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) m[i][j] += row[i] * row[j];
      m[i][3] += row[i] * v;
    }
  }
  for (int i = 0; i < 3; ++i) {
    int pivot = i;
    for (int k = i + 1; k < 3; ++k) {
      if (std::abs(m[k][i]) > std::abs(m[pivot][i])) pivot = k;
    }
    std::swap(m[i], m[pivot]);
    for (int k = 0; k < 3; ++k) {
      if (k == i) continue;
      const double f = m[k][i] / m[i][i];
      for (int j = i; j < 4; ++j) m[k][j] -= f * m[i][j];
    }
  }
  return {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
}

[[noreturn]] void fail(const std::string& message) { throw Error("VerificationError", message); }

}  // namespace

OverlapDifference overlap_difference(const std::vector<Image>& images, const std::vector<Image>& areas,
                                     const std::vector<Overlap>& pairs) {
  OverlapDifference result{0, 0, 0};
  double sum_of_means = 0;
  for (const Overlap& pair : pairs) {
    const Image& a = images.at(pair.plus);
    const Image& b = images.at(pair.minus);
    const double full_a = max_area(areas.at(pair.plus)), full_b = max_area(areas.at(pair.minus));
    const long dx = offset(b.wcs.crpix1, a.wcs.crpix1, "1"), dy = offset(b.wcs.crpix2, a.wcs.crpix2, "2");
    double sum = 0;
    std::size_t n = 0;
    for (long y = 1; y <= a.height; ++y) {
      const long yb = y + dy;
      if (yb < 1 || yb > b.height) continue;
      for (long x = 1; x <= a.width; ++x) {
        const long xb = x + dx;
        if (xb < 1 || xb > b.width) continue;
        const double va = a.at(x, y), vb = b.at(xb, yb);
        // Only pixels both images cover fully: a partly covered edge pixel
        // is a value over a different piece of sky.
        if (!std::isfinite(va) || !std::isfinite(vb) || !(areas[pair.plus].at(x, y) >= 0.99 * full_a) ||
            !(areas[pair.minus].at(xb, yb) >= 0.99 * full_b)) {
          continue;
        }
        sum += std::abs(va - vb);
        ++n;
      }
    }
    if (n == 0) continue;
    sum_of_means += sum / static_cast<double>(n);
    ++result.pairs;
    result.pixels += n;
  }
  if (result.pairs > 0) result.mean_abs = sum_of_means / static_cast<double>(result.pairs);
  return result;
}

SkyComparison compare_with_frame(const Image& frame, const std::vector<Image>& tiles, const Image& mosaic,
                                 const Image& mosaic_area) {
  struct Sample {
    double x, y, frame, mosaic;
  };
  // Each tile's centre and reach on the frame, so that a frame pixel is
  // converted only into the tiles that may hold it.
  struct Reach {
    double x, y, radius;
  };
  std::vector<Reach> reach;
  for (const Image& tile : tiles) {
    const auto on_frame = [&](double x, double y) { return frame.wcs.to_pixel(tile.wcs.to_sky({x, y})); };
    const Wcs::Pixel centre =
        on_frame((static_cast<double>(tile.width) + 1) / 2, (static_cast<double>(tile.height) + 1) / 2);
    const Wcs::Pixel corner = on_frame(0.5, 0.5);
    reach.push_back({centre.x, centre.y, std::hypot(corner.x - centre.x, corner.y - centre.y) + 2 * edge_margin + 2});
  }
  std::vector<Sample> samples;
  for (long y = 1; y <= frame.height; ++y) {
    for (long x = 1; x <= frame.width; ++x) {
      const Wcs::Sky sky = frame.wcs.to_sky({static_cast<double>(x), static_cast<double>(y)});
      bool inside = false, near_edge = false;
      for (std::size_t t = 0; t < tiles.size(); ++t) {
        if (std::hypot(static_cast<double>(x) - reach[t].x, static_cast<double>(y) - reach[t].y) > reach[t].radius) {
          continue;
        }
        const Image& tile = tiles[t];
        const Wcs::Pixel q = tile.wcs.to_pixel(sky);
        const double w = static_cast<double>(tile.width), h = static_cast<double>(tile.height);
        // Distance to the tile's border (pixel edges at 0.5 and size + 0.5),
        // negative outside it.
        const double d = std::min({q.x - 0.5, w + 0.5 - q.x, q.y - 0.5, h + 0.5 - q.y});
        if (std::abs(d) < edge_margin) near_edge = true;
        if (d >= edge_margin) inside = true;
      }
      if (!inside || near_edge) continue;
      const Wcs::Pixel m = mosaic.wcs.to_pixel(sky);
      const long x0 = static_cast<long>(std::floor(m.x)), y0 = static_cast<long>(std::floor(m.y));
      const double fx = m.x - static_cast<double>(x0), fy = m.y - static_cast<double>(y0);
      double value = 0;
      bool hole = x0 < 1 || y0 < 1 || x0 + 1 > mosaic.width || y0 + 1 > mosaic.height;
      for (int j = 0; j < 2 && !hole; ++j) {
        for (int i = 0; i < 2 && !hole; ++i) {
          const double v = mosaic.at(x0 + i, y0 + j);
          if (!std::isfinite(v) || !(mosaic_area.at(x0 + i, y0 + j) > 0)) hole = true;
          value += (i ? fx : 1 - fx) * (j ? fy : 1 - fy) * v;
        }
      }
      if (hole) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "hole in the mosaic at frame pixel (%ld,%ld), mosaic pixel (%.1f,%.1f): a tile covers it but "
                      "the mosaic is blank or has zero area there",
                      x, y, m.x, m.y);
        fail(text);
      }
      samples.push_back({static_cast<double>(x), static_cast<double>(y), frame.at(x, y), value});
    }
  }
  if (samples.size() < 100) fail("only " + std::to_string(samples.size()) + " frame pixels lie well inside a tile");

  std::vector<double> levels;
  for (const Sample& s : samples) levels.push_back(s.frame);
  std::nth_element(levels.begin(), levels.begin() + static_cast<long>(levels.size() * 3 / 10), levels.end());
  const double sky_level = levels[levels.size() * 3 / 10];
  std::vector<std::array<double, 3>> sky;
  for (const Sample& s : samples) {
    if (s.frame <= sky_level) sky.push_back({s.x, s.y, s.mosaic - s.frame});
  }
  const auto [a, b, c] = fit_plane(sky);

  // Pixel by pixel, and over blocks of sky_block x sky_block frame pixels
  // that lie wholly in the compared region.
  struct Block {
    int count = 0;
    double frame = 0, mosaic = 0;
  };
  std::map<std::pair<long, long>, Block> blocks;
  double frame_sum = 0, mosaic_sum = 0, residual2 = 0;
  for (const Sample& s : samples) {
    const double corrected = s.mosaic - (a * s.x + b * s.y + c);
    frame_sum += s.frame;
    mosaic_sum += corrected;
    residual2 += (corrected - s.frame) * (corrected - s.frame);
    Block& block = blocks[{static_cast<long>(s.x - 1) / sky_block, static_cast<long>(s.y - 1) / sky_block}];
    ++block.count;
    block.frame += s.frame;
    block.mosaic += corrected;
  }
  const double n = static_cast<double>(samples.size());
  const double mean = frame_sum / n;
  double spread2 = 0;
  for (const Sample& s : samples) spread2 += (s.frame - mean) * (s.frame - mean);

  double block_frame_sum = 0, block_residual2 = 0, block_spread2 = 0;
  std::size_t full_blocks = 0;
  for (const auto& [key, block] : blocks) {
    if (block.count != sky_block * sky_block) continue;
    block_frame_sum += block.frame;
    ++full_blocks;
  }
  if (full_blocks < 10) fail("only " + std::to_string(full_blocks) + " whole blocks of frame pixels to compare");
  const double block_mean = block_frame_sum / static_cast<double>(full_blocks);
  for (const auto& [key, block] : blocks) {
    if (block.count != sky_block * sky_block) continue;
    block_residual2 += (block.mosaic - block.frame) * (block.mosaic - block.frame);
    block_spread2 += (block.frame - block_mean) * (block.frame - block_mean);
  }
  return {std::sqrt(residual2 / spread2), std::sqrt(block_residual2 / block_spread2), mosaic_sum / frame_sum,
          samples.size(), full_blocks, a, b, c};
}

}  // namespace taps::montage
