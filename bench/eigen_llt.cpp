// eigen_llt — the baseline of bench/cholesky.py: one call of Eigen's LLT, on
// one core, on the very matrix the cholesky app factorizes for the same size
// and seed (same generator code).
//
//   eigen_llt MATRIX_SIZE [SEED]   prints {"matrix_size": n, "seed": s, "seconds": t}
//
// Only the factorization is timed, in place as the app's potrf tasks do it.
#include "spd_matrix.hpp"

#include <Eigen/Dense>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s MATRIX_SIZE [SEED]\n", argv[0]);
    return 2;
  }
  const long n = std::stol(argv[1]);
  const unsigned long long seed = argc == 3 ? std::stoull(argv[2]) : 0;
  if (n < 1) {
    std::fprintf(stderr, "%s: MATRIX_SIZE must be at least 1\n", argv[0]);
    return 2;
  }
  Eigen::MatrixXd a = taps::cholesky::make_spd_matrix(n, seed);

  const auto start = std::chrono::steady_clock::now();
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(a);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (llt.info() != Eigen::Success) {
    std::fprintf(stderr, "%s: LLT failed: the matrix is not positive definite\n", argv[0]);
    return 1;
  }
  std::printf("{\"matrix_size\": %ld, \"seed\": %llu, \"seconds\": %.6f}\n", n, seed, seconds);
  return 0;
}
