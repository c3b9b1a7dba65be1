// The cholesky app, loaded from its built .so and run on an inline engine:
// its options, the dependency graph it submits, its outputs, and that a
// wrong tile fails the run.
#include "apps/cholesky/spd_matrix.hpp"
#include "app_fixture.hpp"

#include <Eigen/Dense>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace taps::testing {
namespace {

namespace fs = std::filesystem;

using Outcome = AppRun;

class CholeskyApp : public AppOnInlineEngine {
 protected:
  CholeskyApp() : AppOnInlineEngine(TAPS_CHOLESKY_PLUGIN, "cholesky") {}

  Outcome run(std::map<std::string, std::string> values,
              std::function<void(const std::string&, taps_buffer&)> tamper = nullptr) {
    Outcome outcome = run_app(std::move(values), std::move(tamper));
    EXPECT_TRUE(outcome.created) << outcome.error.message;
    return outcome;
  }

  rapidjson::Document summary() const {
    std::ifstream in(run_dir_ / "cholesky.json");
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document d;
    d.Parse(text.str().c_str());
    return d;
  }
};

TEST_F(CholeskyApp, DeclaresTheReferenceOptionsAndOneTaskPerTileOperation) {
  std::set<std::string> keys;
  for (uint32_t i = 0; i < descriptor_.option_count; ++i) keys.insert(descriptor_.options[i].key);
  EXPECT_EQ(keys, (std::set<std::string>{"matrix_size", "block_size", "seed", "output"}));
  const auto& methods = *static_cast<const taps_app_methods*>(descriptor_.methods);
  std::set<std::string> functions;
  for (uint32_t i = 0; i < methods.function_count; ++i) functions.insert(methods.functions[i].name);
  EXPECT_EQ(functions, (std::set<std::string>{"potrf", "trsm", "syrk", "gemm"}));
}

TEST_F(CholeskyApp, RefusesToStartWhenTheBlockSizeDoesNotDivideTheMatrixSize) {
  Instance app(descriptor_, host_.get(),
               config_with_defaults(descriptor_, {{"matrix_size", "100"}, {"block_size", "30"}}));
  EXPECT_NE(app.status(), TAPS_OK);
  EXPECT_EQ(app.error().type, "ConfigError");
  EXPECT_NE(app.error().message.find("block_size 30"), std::string::npos) << app.error().message;
  EXPECT_NE(app.error().message.find("matrix_size 100"), std::string::npos) << app.error().message;
}

TEST_F(CholeskyApp, SubmitsEachUpdateWithTheFuturesOfTheTilesItReads) {
  // 4x4 tiles. A tile's first update reads the client's input (a value);
  // every later one reads the previous update's future, so the number of
  // parents tells the first update from the later ones.
  const auto o = run({{"matrix_size", "64"}, {"block_size", "16"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  std::map<std::string, std::map<std::size_t, int>> parents;  // function -> parent count -> tasks
  for (const auto& r : o.records) ++parents[r.function][r.parents.size()];
  EXPECT_EQ(parents["potrf"], (std::map<std::size_t, int>{{0, 1}, {1, 3}}));
  EXPECT_EQ(parents["trsm"], (std::map<std::size_t, int>{{1, 3}, {2, 3}}));
  EXPECT_EQ(parents["syrk"], (std::map<std::size_t, int>{{1, 3}, {2, 3}}));
  EXPECT_EQ(parents["gemm"], (std::map<std::size_t, int>{{2, 3}, {3, 1}}));
  EXPECT_EQ(o.records.size(), 20u);

  // Following first parents back from the last potrf: its tile's updates
  // (each syrk reads the previous one's future), the trsm the first update
  // read, and the potrf that trsm read.
  std::map<std::string, const InlineEngine::Record*> by_id;
  for (const auto& r : o.records) by_id[r.id] = &r;
  std::vector<std::string> chain;
  for (const auto* r = &o.records.back(); r != nullptr; r = r->parents.empty() ? nullptr : by_id.at(r->parents[0])) {
    chain.push_back(r->function);
  }
  EXPECT_EQ(chain, (std::vector<std::string>{"potrf", "syrk", "syrk", "syrk", "trsm", "potrf"}));
}

TEST_F(CholeskyApp, WritesTheSummaryWithTheResidual) {
  const auto o = run({{"matrix_size", "96"}, {"block_size", "32"}, {"seed", "4"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  const auto s = summary();
  ASSERT_TRUE(s.IsObject());
  EXPECT_EQ(s["matrix_size"].GetInt(), 96);
  EXPECT_EQ(s["block_size"].GetInt(), 32);
  EXPECT_EQ(s["tasks"].GetInt(), 10);
  EXPECT_LE(s["residual"].GetDouble(), 1e-12);
  EXPECT_GT(s["seconds"].GetDouble(), 0.0);
  EXPECT_FALSE(fs::exists(run_dir_ / "L.bin")) << "only with output = true";
}

TEST_F(CholeskyApp, WritesTheFactorOfTheSeededMatrixToLBinWhenAsked) {
  const auto o = run({{"matrix_size", "48"}, {"block_size", "16"}, {"seed", "9"}, {"output", "true"}});
  ASSERT_EQ(o.status, TAPS_OK) << o.error.message;
  std::ifstream in(run_dir_ / "L.bin", std::ios::binary);
  in.seekg(32);
  Eigen::MatrixXd l(48, 48);
  in.read(reinterpret_cast<char*>(l.data()), 48 * 48 * sizeof(double));
  ASSERT_TRUE(in);
  const Eigen::MatrixXd expected = cholesky::make_spd_matrix(48, 9).llt().matrixL();
  EXPECT_TRUE(l.isApprox(expected, 1e-12));
}

TEST_F(CholeskyApp, FailsTheRunWhenATaskReturnsAWrongTile) {
  // One entry of one gemm result off by a little: the residual must notice.
  bool damaged = false;
  const auto o = run({{"matrix_size", "64"}, {"block_size", "16"}}, [&](const std::string& fn, taps_buffer& b) {
    if (fn == "gemm" && !damaged) {
      double entry;
      std::memcpy(&entry, b.data + 16, sizeof entry);  // after rows and cols
      entry *= 1.0 + 1e-6;
      std::memcpy(b.data + 16, &entry, sizeof entry);
      damaged = true;
    }
  });
  ASSERT_TRUE(damaged);
  EXPECT_NE(o.status, TAPS_OK);
  EXPECT_EQ(o.error.type, "VerificationError") << o.error.message;
  EXPECT_FALSE(fs::exists(run_dir_ / "cholesky.json")) << "no summary of a failed run";
}

}  // namespace
}  // namespace taps::testing
