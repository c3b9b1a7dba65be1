// montage_values.hpp — the values that move between the montage app's
// tasks: FITS files as their bytes, the overlap table, plane fits and
// background corrections, each with its codec.
#pragma once

#include <taps/codec.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace taps::montage {

/// A reprojected image as Montage writes it: the image and its _area file
/// (the sky area each output pixel received, which mDiff, mBackground and
/// mAdd weight by). Both are whole FITS files.
struct FitsPair {
  Bytes image;
  Bytes area;
};

/// The same payload read in place, valid for the task call.
struct FitsPairView {
  BytesView image;
  BytesView area;
};

/// Two projected images that overlap, by their index in the input list
/// (which is also their `cntr` in every Montage table the app writes).
struct Overlap {
  std::uint32_t plus;
  std::uint32_t minus;
};

/// mOverlaps' result: the image table of the projected images (what
/// mBgModel reads) and the pairs that overlap.
struct OverlapTable {
  std::string images_table;
  std::vector<Overlap> pairs;
};

/// The plane mFitplane fitted to one difference image, plus - minus, in the
/// columns of Montage's fits.tbl (see plane_fit_columns).
struct PlaneFit {
  std::uint32_t plus = 0;
  std::uint32_t minus = 0;
  std::vector<double> values;  // one per plane_fit_columns entry
};

/// mFitplane's report keys, in the order mBgModel's fits.tbl wants them
/// after `plus` and `minus`.
inline constexpr std::array<const char*, 18> plane_fit_columns = {
    "a",       "b",       "c",    "crpix1", "crpix2", "xmin",     "xmax",      "ymin",  "ymax",
    "xcenter", "ycenter", "npixel", "rms",  "boxx",   "boxy",     "boxwidth", "boxheight", "boxang"};

/// mBgModel's result: the plane A*x + B*y + C to subtract from image i is
/// (abc[3i], abc[3i+1], abc[3i+2]); an image mBgModel left out gets zeros.
struct Corrections {
  std::vector<double> abc;
};

}  // namespace taps::montage

template <>
struct taps::Codec<taps::montage::FitsPair> {
  static constexpr const char* type = "montage.fits_pair";
  static void encode(Writer& w, const taps::montage::FitsPair& p) {
    w.put(p.image);
    w.put(p.area);
  }
  static taps::montage::FitsPair decode(Reader& r) {
    taps::montage::FitsPair p;
    p.image = r.get<Bytes>();
    p.area = r.get<Bytes>();
    return p;
  }
};

template <>
struct taps::Codec<taps::montage::FitsPairView> {
  static constexpr const char* type = "montage.fits_pair";
  static void encode(Writer& w, const taps::montage::FitsPairView& p) {
    w.put(p.image);
    w.put(p.area);
  }
  static taps::montage::FitsPairView decode(Reader& r) {
    taps::montage::FitsPairView p;
    p.image = r.get<BytesView>();
    p.area = r.get<BytesView>();
    return p;
  }
};

template <>
struct taps::Codec<taps::montage::OverlapTable> {
  static constexpr const char* type = "montage.overlap_table";
  static void encode(Writer& w, const taps::montage::OverlapTable& t) {
    w.put(t.images_table);
    w.put(static_cast<std::uint64_t>(t.pairs.size()));
    for (const auto& p : t.pairs) {
      w.put(p.plus);
      w.put(p.minus);
    }
  }
  static taps::montage::OverlapTable decode(Reader& r) {
    taps::montage::OverlapTable t;
    t.images_table = r.get<std::string>();
    const auto n = r.get<std::uint64_t>();
    if (n > r.remaining() / 8) throw DecodeError("overlap table claims more pairs than its bytes hold");
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto plus = r.get<std::uint32_t>();
      t.pairs.push_back({plus, r.get<std::uint32_t>()});
    }
    return t;
  }
};

template <>
struct taps::Codec<taps::montage::PlaneFit> {
  static constexpr const char* type = "montage.plane_fit";
  static void encode(Writer& w, const taps::montage::PlaneFit& f) {
    w.put(f.plus);
    w.put(f.minus);
    w.put(f.values);
  }
  static taps::montage::PlaneFit decode(Reader& r) {
    taps::montage::PlaneFit f;
    f.plus = r.get<std::uint32_t>();
    f.minus = r.get<std::uint32_t>();
    f.values = r.get<std::vector<double>>();
    return f;
  }
};

template <>
struct taps::Codec<taps::montage::Corrections> {
  static constexpr const char* type = "montage.corrections";
  static void encode(Writer& w, const taps::montage::Corrections& c) { w.put(c.abc); }
  static taps::montage::Corrections decode(Reader& r) { return {r.get<std::vector<double>>()}; }
};
