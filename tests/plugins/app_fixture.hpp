// app_fixture.hpp — an app plugin loaded from its built .so and run on the
// inline engine, with a scratch run directory: what every app's unit tests
// share.
#pragma once

#include "fake_host.hpp"
#include "inline_engine.hpp"
#include "plugin_library.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace taps::testing {

/// How one run of the app ended. When create() failed, `status` and `error`
/// are create()'s and nothing ran.
struct AppRun {
  bool created = false;
  taps_status status = TAPS_OK;
  CapturedError error;
  std::vector<InlineEngine::Record> records;
  std::size_t max_outstanding = 0;
};

class AppOnInlineEngine : public ::testing::Test {
 protected:
  AppOnInlineEngine(const char* plugin_file, const char* app)
      : library_(plugin_file), descriptor_(library_.plugin(TAPS_KIND_APP, app)), app_(app) {
    std::string pattern = (std::filesystem::temp_directory_path() / ("taps-" + app_ + "-XXXXXX")).string();
    scratch_ = mkdtemp(pattern.data());
    std::filesystem::create_directory(run_dir_ = scratch_ / "run");
  }
  ~AppOnInlineEngine() override { std::filesystem::remove_all(scratch_); }

  /// Creates the app with `values` (the rest defaulted) and runs it;
  /// `tamper` may alter a task's result on its way back to the app.
  AppRun run_app(std::map<std::string, std::string> values,
                 std::function<void(const std::string&, taps_buffer&)> tamper = nullptr) {
    Instance app(descriptor_, host_.get(), config_with_defaults(descriptor_, std::move(values)));
    AppRun outcome;
    if (app.status() != TAPS_OK) {
      outcome.status = app.status();
      outcome.error = app.error();
      return outcome;
    }
    outcome.created = true;
    const auto& methods = app.methods<taps_app_methods>();
    InlineEngine engine(methods, app_.c_str(), host_.get());
    engine.tamper = std::move(tamper);
    auto sink = outcome.error.sink();
    outcome.status = methods.run(app.self(), engine.handle(), InlineEngine::api(), run_dir_.c_str(), &sink);
    outcome.records = engine.records();
    outcome.max_outstanding = engine.max_outstanding();
    return outcome;
  }

  static std::size_t count(const AppRun& run, const std::string& function) {
    std::size_t n = 0;
    for (const auto& r : run.records) n += r.function == function ? 1 : 0;
    return n;
  }

  FakeHost host_;
  PluginLibrary library_;
  const taps_plugin_descriptor& descriptor_;
  std::string app_;
  std::filesystem::path scratch_;
  std::filesystem::path run_dir_;
};

}  // namespace taps::testing
