#include "tiled_cholesky.hpp"

#include "tile_kernels.hpp"

#include <variant>

namespace taps::cholesky {

namespace {

// The latest version of a tile of A: the client's input until the first
// update of the tile is submitted, from then on the future of its latest
// update.
using TileVersion = std::variant<const Tile*, TaskFuture<Tile>>;

// Submits the next update of `tile` through `submit`, which takes the tile's
// current version (a value or a future), and makes the update its new
// version.
template <class Submit>
TaskFuture<Tile> update(TileVersion& tile, Submit&& submit) {
  TaskFuture<Tile> next = std::holds_alternative<const Tile*>(tile) ? submit(*std::get<const Tile*>(tile))
                                                                     : submit(std::get<TaskFuture<Tile>>(tile));
  tile = next;
  return next;
}

}  // namespace

TaskCounts task_counts(std::int64_t t) {
  return {t, t * (t - 1) / 2, t * (t - 1) / 2, t * (t - 1) * (t - 2) / 6};
}

FactorFutures::FactorFutures(Eigen::Index tiles_per_side)
    : tiles_per_side_(tiles_per_side), tiles_(lower_count(tiles_per_side)) {}

LowerTiles FactorFutures::collect(Eigen::Index block_size) const {
  LowerTiles l(tiles_per_side_, block_size);
  for (Eigen::Index i = 0; i < tiles_per_side_; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) l(i, j) = tiles_[lower_index(i, j)].result();
  }
  return l;
}

FactorFutures submit_factorization(Engine& engine, const LowerTiles& a) {
  const Eigen::Index t = a.tiles_per_side();
  std::vector<TileVersion> versions;
  versions.reserve(lower_count(t));
  for (Eigen::Index i = 0; i < t; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) versions.emplace_back(&a(i, j));
  }
  auto version = [&](Eigen::Index i, Eigen::Index j) -> TileVersion& { return versions[lower_index(i, j)]; };

  FactorFutures l(t);
  for (Eigen::Index k = 0; k < t; ++k) {
    l(k, k) = update(version(k, k), [&](const auto& a_kk) { return engine.submit(potrf, a_kk); });
    for (Eigen::Index i = k + 1; i < t; ++i) {
      l(i, k) = update(version(i, k), [&](const auto& a_ik) { return engine.submit(trsm, l(k, k), a_ik); });
    }
    for (Eigen::Index i = k + 1; i < t; ++i) {
      update(version(i, i), [&](const auto& a_ii) { return engine.submit(syrk, a_ii, l(i, k)); });
      for (Eigen::Index j = k + 1; j < i; ++j) {
        update(version(i, j), [&](const auto& a_ij) { return engine.submit(gemm, a_ij, l(i, k), l(j, k)); });
      }
    }
  }
  return l;
}

}  // namespace taps::cholesky
