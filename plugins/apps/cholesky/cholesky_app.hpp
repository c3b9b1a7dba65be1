// cholesky_app.hpp — the reference's cholesky app: the tiled Cholesky
// factorization of a seeded symmetric positive-definite matrix, one task per
// tile operation, checked by its residual.
#pragma once

#include "tile_kernels.hpp"

#include <taps/config.hpp>
#include <taps/eigen.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstdint>
#include <filesystem>

namespace taps::cholesky {

class CholeskyApp {
 public:
  static constexpr PluginInfo info{"cholesky", "1.0.0",
                                   "Tiled Cholesky factorization of a seeded SPD matrix (potrf/trsm/syrk/gemm tasks)."};
  static constexpr taps_option_desc options[] = {
      option::integer("matrix_size", "Side of the square input matrix.").defaults("2048").min(1),
      option::integer("block_size", "Side of the square tiles; must divide matrix_size.").defaults("256").min(1),
      option::integer("seed", "Seed of the input matrix.").defaults("0"),
      option::boolean("output", "Also write the factor L to L.bin in the run directory.").defaults("false"),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(potrf), TAPS_TASK(trsm), TAPS_TASK(syrk), TAPS_TASK(gemm)};

  /// Throws a ConfigError when block_size does not divide matrix_size.
  CholeskyApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Host host_;
  std::int64_t matrix_size_;
  std::int64_t block_size_;
  std::uint64_t seed_;
  bool output_;
};

}  // namespace taps::cholesky
