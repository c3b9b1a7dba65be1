// The app loader (taps.apps/1) through the SDK's taps::AppLoader, as a
// wrapping app uses it: options validated like [app] in a config file,
// errors that name the key or list the installed apps, and a created app
// run against an engine to completion.
#include "test_support.hpp"

#include "config/resolved_config.hpp"
#include "engine/engine.hpp"
#include "plugins/registry.hpp"
#include "run/app_loader.hpp"
#include "run/plugin_start.hpp"
#include "services/host_services.hpp"

#include <taps/app_loader.hpp>
#include <taps/error.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>

namespace taps::host {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class AppLoaderInterface : public ::testing::Test {
 protected:
  AppLoaderInterface()
      : registry_({PluginDirectory{test::fixture_dir("valid"), "--plugin-path", true}}),
        services_(std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_))),
        loader_(registry_, services_) {
    loader_.provide_to(services_);
  }

  taps::Host host() const { return taps::Host(services_.host(), "wrapper"); }

  /// The error of creating `name` with `options`, as the SDK reports it.
  taps::Error create_error(const std::string& name, const std::string& options) const {
    try {
      taps::AppLoader(host()).create(name, options);
    } catch (const taps::Error& e) {
      return e;
    }
    return taps::Error("none", "no error", TAPS_OK);
  }

  std::ostringstream log_;
  PluginRegistry registry_;
  HostServices services_;
  AppLoader loader_;
};

TEST_F(AppLoaderInterface, AnUnknownAppIsNotFoundAndTheInstalledAppsAreListed) {
  const auto error = create_error("nope", "{}");
  EXPECT_EQ(error.status(), TAPS_NOT_FOUND);
  EXPECT_EQ(error.type(), "ConfigError");
  EXPECT_THAT(error.what(), AllOf(HasSubstr("unknown app 'nope'"), HasSubstr("available apps: c-squares")));
}

TEST_F(AppLoaderInterface, AnUnknownOptionIsRefusedNamingItAndTheAppsOptions) {
  const auto error = create_error("c-squares", R"({"task_cont": 3})");
  EXPECT_EQ(error.status(), TAPS_INVALID_ARGUMENT);
  EXPECT_THAT(error.what(), AllOf(HasSubstr("app 'c-squares' has no option 'task_cont'"),
                                  HasSubstr("its options are: task_count, task_sleep")));
}

// The reference's app configs carry their own `name` (a failures app's
// [app.config] copied from a reference file may too): the app's own name is
// accepted, another is not an option.
TEST_F(AppLoaderInterface, TheAppsOwnNameAmongItsOptionsIsAcceptedAsTheReferenceWritesIt) {
  EXPECT_EQ(loader_.resolve("c-squares", R"({"name": "c-squares", "task_count": 3})").find("task_count")->value, "3");
  EXPECT_THAT(create_error("c-squares", R"({"name": "synthetic"})").what(),
              HasSubstr("app 'c-squares' has no option 'name'"));
}

TEST_F(AppLoaderInterface, AValueOfTheWrongTypeOrOutOfRangeIsRefusedNamingTheKeyAndWhatItTakes) {
  EXPECT_THAT(create_error("c-squares", R"({"task_count": "many"})").what(),
              AllOf(HasSubstr("invalid value 'many' for option 'task_count'"), HasSubstr("an integer")));
  EXPECT_THAT(create_error("c-squares", R"({"task_count": -1})").what(),
              AllOf(HasSubstr("'task_count'"), HasSubstr("out of range")));
  EXPECT_THAT(create_error("c-squares", R"({"expect": "maybe"})").what(),
              AllOf(HasSubstr("'expect'"), HasSubstr("one of: correct, wrong")));
  EXPECT_THAT(create_error("c-squares", R"({"quiet": null})").what(), HasSubstr("option 'quiet' is null"));
}

TEST_F(AppLoaderInterface, OptionsThatAreNotAJsonObjectAreRefused) {
  EXPECT_THAT(create_error("c-squares", "[1, 2]").what(), HasSubstr("expected a JSON object"));
  EXPECT_THAT(create_error("c-squares", "{task_count: 3}").what(), HasSubstr("not valid JSON"));
}

TEST_F(AppLoaderInterface, KeysMaySpellDashesAndMissingOptionsTakeTheirDefaults) {
  const ResolvedSection section = loader_.resolve("c-squares", R"({"task-count": 3, "labels": {"b": 1, "a": 2}})");
  EXPECT_EQ(section.find("task_count")->value, "3");
  EXPECT_EQ(section.find("task_count")->origin, "app options");
  EXPECT_EQ(section.find("expect")->value, "correct");
  EXPECT_EQ(section.find("expect")->origin, "default");
  EXPECT_EQ(section.find("labels")->value, R"({"a":2,"b":1})");
  EXPECT_EQ(section.find("comment"), nullptr) << "no default, not given: absent";
}

TEST_F(AppLoaderInterface, CreatesTheAppAndLogsItsOptions) {
  taps::LoadedApp app = taps::AppLoader(host()).create("c-squares", R"({"task_count": 4})");
  EXPECT_TRUE(app);
  EXPECT_THAT(log_.str(), AllOf(HasSubstr("created app 'c-squares'"), HasSubstr("task_count = 4 (given)"),
                                HasSubstr("expect = correct (default)")));
  app.reset();
  EXPECT_FALSE(app);
}

TEST_F(AppLoaderInterface, IsNotOfferedWhereNobodyProvidedIt) {
  HostServices bare(nullptr);
  EXPECT_EQ(bare.host()->get_interface(bare.host(), TAPS_INTERFACE_APPS), nullptr);
  EXPECT_THROW(taps::AppLoader(taps::Host(bare.host(), "wrapper")), taps::Error);
}

/// An engine on the fixture's c-queue executor, as `run` starts one.
class LoadedAppRun : public AppLoaderInterface {
 protected:
  LoadedAppRun()
      : engine_(services_, [this](const std::string& plugin, const std::string& function) {
          return registry_.find_function(plugin, function);
        }) {
    ResolvedConfig config;
    config.sections.push_back(resolve_section(Section::executor, registry_.find(TAPS_KIND_EXECUTOR, "c-queue"), {}));
    EngineParts parts;
    parts.executor = start_plugin(config, Section::executor, services_);
    engine_.start(std::move(parts));
  }
  ~LoadedAppRun() override { engine_.shutdown(true); }

  Engine engine_;
  test::ScratchDir run_dir_;
};

TEST_F(LoadedAppRun, RunsTheCreatedAppAgainstTheGivenEngine) {
  const taps::LoadedApp app = taps::AppLoader(host()).create("c-squares", R"({"task_count": 6})");
  app.run(engine_.handle(), Engine::api(), run_dir_.path());
  engine_.shutdown(false);
  EXPECT_EQ(engine_.stats().succeeded, 6u);
  EXPECT_THAT(log_.str(), HasSubstr("verified: the sum of 6 squares is 55"));
}

TEST_F(LoadedAppRun, AnAppThatFailsItsVerificationThrowsItsOwnError) {
  const taps::LoadedApp app = taps::AppLoader(host()).create("c-squares", R"({"task_count": 3, "expect": "wrong"})");
  try {
    app.run(engine_.handle(), Engine::api(), run_dir_.path());
    FAIL() << "no error";
  } catch (const taps::Error& e) {
    EXPECT_EQ(e.type(), "VerificationError");
    EXPECT_THAT(e.what(), HasSubstr("sum of squares is 5, expected 6"));
  }
}

}  // namespace
}  // namespace taps::host
