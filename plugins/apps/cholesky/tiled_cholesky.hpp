// tiled_cholesky.hpp — the factorization as one dataflow graph of tile
// tasks: every task is submitted up front with the futures of the tiles it
// reads, so a tile update starts as soon as its inputs exist, with no
// barrier between the steps k.
#pragma once

#include "lower_tiles.hpp"

#include <taps/eigen.hpp>
#include <taps/engine.hpp>

#include <cstdint>
#include <vector>

namespace taps::cholesky {

/// How many tasks of each kind a factorization of T x T tiles submits.
struct TaskCounts {
  std::int64_t potrf;  // T
  std::int64_t trsm;   // T(T-1)/2
  std::int64_t syrk;   // T(T-1)/2
  std::int64_t gemm;   // T(T-1)(T-2)/6

  std::int64_t total() const { return potrf + trsm + syrk + gemm; }
};

TaskCounts task_counts(std::int64_t tiles_per_side);

/// The futures of L's tiles, (i, j) with j <= i.
class FactorFutures {
 public:
  explicit FactorFutures(Eigen::Index tiles_per_side);

  TaskFuture<Tile>& operator()(Eigen::Index i, Eigen::Index j) { return tiles_[lower_index(i, j)]; }

  /// Waits for every tile; throws the first failed task's error.
  LowerTiles collect(Eigen::Index block_size) const;

 private:
  Eigen::Index tiles_per_side_;
  std::vector<TaskFuture<Tile>> tiles_;
};

/// Submits the factorization of `a` (its tiles are copied into the task
/// arguments; `a` is left as it is).
FactorFutures submit_factorization(Engine& engine, const LowerTiles& a);

}  // namespace taps::cholesky
