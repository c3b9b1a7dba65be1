// montage_tables.hpp — the IPAC text tables Montage's programs read and
// write. Montage reads columns by their position under the `|` header, so
// the tables written here are fixed-width.
#pragma once

#include "montage_values.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace taps::montage {

/// An image list for `mImgtbl -t`: mImgtbl numbers the images (`cntr`) in
/// this order.
std::string image_list_table(const std::vector<std::string>& file_names);

/// The data rows of an IPAC table, split at whitespace; header (`|`) and
/// keyword (`\`) lines skipped.
std::vector<std::vector<std::string>> table_rows(const std::string& table);

/// The (cntr1, cntr2) pairs of mOverlaps' diffs.tbl.
std::vector<Overlap> overlap_pairs(const std::string& diffs_table, std::size_t image_count);

/// fits.tbl for mBgModel: one row per plane fit.
std::string plane_fit_table(const std::vector<PlaneFit>& fits);

/// mBgModel's corrections.tbl as planes per image (zeros for an image it
/// does not list).
Corrections read_corrections(const std::string& corrections_table, std::size_t image_count);

}  // namespace taps::montage
