#include "cholesky_app.hpp"

#include "factor_file.hpp"
#include "lower_tiles.hpp"
#include "residual.hpp"
#include "spd_matrix.hpp"
#include "tiled_cholesky.hpp"

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace taps::cholesky {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", seconds);
  return text;
}

struct Summary {
  std::int64_t matrix_size;
  std::int64_t block_size;
  std::int64_t tasks;
  double seconds;
  double residual;
  double generate_seconds;
  double verify_seconds;
};

// cholesky.json: the numbers benchmark scripts read.
void write_summary(const Summary& s, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  char buffer[4096];
  rapidjson::FileWriteStream stream(file.get(), buffer, sizeof buffer);
  rapidjson::PrettyWriter<rapidjson::FileWriteStream> w(stream);
  const double n = static_cast<double>(s.matrix_size);
  w.StartObject();
  w.Key("matrix_size");
  w.Int64(s.matrix_size);
  w.Key("block_size");
  w.Int64(s.block_size);
  w.Key("tasks");
  w.Int64(s.tasks);
  w.Key("seconds");
  w.Double(s.seconds);
  w.Key("residual");
  w.Double(s.residual);
  // n³/3 floating-point operations: the customary rate of a Cholesky factorization.
  w.Key("gflops");
  w.Double(n * n * n / 3.0 / s.seconds / 1e9);
  w.Key("generate_seconds");
  w.Double(s.generate_seconds);
  w.Key("verify_seconds");
  w.Double(s.verify_seconds);
  w.EndObject();
  stream.Put('\n');
  stream.Flush();
  // fwrite only buffers: a full disk shows in the flush, and must fail the run.
  if (std::fflush(file.get()) != 0 || std::ferror(file.get()) != 0) {
    throw Error("AppError", "cannot write '" + path.string() + "': " + std::strerror(errno));
  }
}

}  // namespace

CholeskyApp::CholeskyApp(Host host, const Config& config)
    : host_(host), matrix_size_(config.get_int("matrix_size")), block_size_(config.get_int("block_size")),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))), output_(config.get_bool("output")) {
  if (matrix_size_ % block_size_ != 0) {
    throw Error("ConfigError", "block_size " + std::to_string(block_size_) + " does not divide matrix_size " +
                                   std::to_string(matrix_size_) + ": the tiles must all be square and equal",
                TAPS_INVALID_ARGUMENT);
  }
}

void CholeskyApp::run(Engine& engine, const std::filesystem::path& run_dir) {
  const std::int64_t t = matrix_size_ / block_size_;
  const TaskCounts counts = task_counts(t);
  engine.expect_tasks(static_cast<std::uint64_t>(counts.total()));

  auto start = Clock::now();
  const LowerTiles a = LowerTiles::split(make_spd_matrix(matrix_size_, seed_), block_size_);
  const double generate_seconds = seconds_since(start);
  host_.info("Generated a " + std::to_string(matrix_size_) + "x" + std::to_string(matrix_size_) +
             " SPD matrix (seed " + std::to_string(seed_) + ") in " + seconds_text(generate_seconds));
  host_.info("Submitting " + std::to_string(counts.total()) + " tasks for " + std::to_string(t) + "x" +
             std::to_string(t) + " tiles of " + std::to_string(block_size_) + ": " + std::to_string(counts.potrf) +
             " potrf, " + std::to_string(counts.trsm) + " trsm, " + std::to_string(counts.syrk) + " syrk, " +
             std::to_string(counts.gemm) + " gemm");

  start = Clock::now();
  const LowerTiles l = submit_factorization(engine, a).collect(block_size_);
  const double seconds = seconds_since(start);
  host_.info("Factorized in " + seconds_text(seconds));

  start = Clock::now();
  const double residual = verify_factor(a, l);
  const double verify_seconds = seconds_since(start);
  char line[160];
  std::snprintf(line, sizeof line, "Verified: relative residual ||L*L^T - A||_F / ||A||_F = %.3e <= %.0e (in %.3f s)",
                residual, residual_tolerance, verify_seconds);
  host_.info(line);

  if (output_) {
    write_factor_file(l, run_dir / "L.bin");
    host_.info("Wrote L to " + (run_dir / "L.bin").string());
  }
  write_summary({matrix_size_, block_size_, counts.total(), seconds, residual, generate_seconds, verify_seconds},
                run_dir / "cholesky.json");
}

}  // namespace taps::cholesky
