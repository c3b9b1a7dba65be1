// factor_file.hpp — L as a binary file, for checking or reuse outside taps.
//
// Layout (little-endian): the 8 bytes "TAPSMAT1", u64 rows, u64 cols,
// u64 bytes per element (8), then rows*cols f64 in column-major order.
// NumPy: np.fromfile(path, '<f8', offset=32).reshape(cols, rows).T
#pragma once

#include "lower_tiles.hpp"

#include <filesystem>

namespace taps::cholesky {

/// Writes the lower-triangular matrix held by `l` (zeros above its
/// diagonal) to `path`; throws an AppError when the file cannot be written.
void write_factor_file(const LowerTiles& l, const std::filesystem::path& path);

}  // namespace taps::cholesky
