#include "factor_file.hpp"

#include <taps/error.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace taps::cholesky {

void write_factor_file(const LowerTiles& l, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  auto fail = [&] { throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno)); };
  if (!file) fail();

  const Eigen::Index n = l.size();
  const Eigen::Index b = l.block_size();
  const std::uint64_t header[3] = {static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(n), sizeof(double)};
  if (std::fwrite("TAPSMAT1", 1, 8, file.get()) != 8 || std::fwrite(header, sizeof header, 1, file.get()) != 1) {
    fail();
  }
  // Column by column, streamed from the tiles: zeros above tile row j, then
  // the column's contiguous segment in each tile of column j below.
  const std::vector<double> zeros(static_cast<std::size_t>(n), 0.0);
  for (Eigen::Index j = 0; j < l.tiles_per_side(); ++j) {
    for (Eigen::Index c = 0; c < b; ++c) {
      const auto above = static_cast<std::size_t>(j * b);
      if (above != 0 && std::fwrite(zeros.data(), sizeof(double), above, file.get()) != above) fail();
      for (Eigen::Index i = j; i < l.tiles_per_side(); ++i) {
        if (std::fwrite(l(i, j).col(c).data(), sizeof(double), static_cast<std::size_t>(b), file.get()) !=
            static_cast<std::size_t>(b)) {
          fail();
        }
      }
    }
  }
  if (std::fclose(file.release()) != 0) fail();
}

}  // namespace taps::cholesky
