#include "failures_app.hpp"

#include "base_options.hpp"
#include "report.hpp"
#include "verdict.hpp"

#include <toml++/toml.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace taps::failures {

namespace {

std::string joined(const std::vector<FailureType>& types) {
  std::string text;
  for (FailureType type : types) text += (text.empty() ? "" : ", ") + std::string(name_of(type));
  return text;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

FailuresApp::FailuresApp(Host host, const Config& config)
    : host_(host),
      base_name_(config.get_string("base")),
      rate_(config.get_double("failure_rate")),
      type_(parse_failure_type(config.get_string("failure_type"))),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))),
      memory_limit_(config.get_int("memory_limit")),
      sleep_limit_(config.get_double("sleep_limit")) {
  if (base_name_ == info.name) {
    throw Error("ConfigError", "the failures app cannot wrap itself: base must name another app",
                TAPS_INVALID_ARGUMENT);
  }
  const std::string options =
      base_options_json(base_name_, config.get_string("config"), config.get_string("config_file", ""));
  try {
    base_ = AppLoader(host_).create(base_name_, options);
  } catch (const Error& e) {
    throw Error(e.type(), "base app '" + base_name_ + "': " + e.what(), e.status());
  }
}

std::string FailuresApp::executor_name() const {
  const auto* run = host_.interface<taps_run_info>(TAPS_INTERFACE_RUN);
  if (run != nullptr && TAPS_HAS_FIELD(run, taps_run_info, config_file) && run->config_file != nullptr) {
    try {
      const toml::table config = toml::parse_file(run->config_file);
      if (auto name = config["engine"]["executor"]["name"].value<std::string>()) return *name;
    } catch (const toml::parse_error&) {
      // Only a name for messages: fall through.
    }
  }
  return "(unknown)";
}

void FailuresApp::run(Engine& engine, const std::filesystem::path& run_dir) {
  RunFacts facts;
  facts.plugin = info.name;
  facts.base = base_name_;
  facts.type = type_;
  facts.rate = rate_;
  facts.seed = seed_;
  facts.executor = executor_name();
  facts.executor_traits = engine.executor_traits();
  facts.candidates = supported_types(facts.executor_traits);

  // Refused before anything is submitted: the run ends with this message
  // and no task record.
  const std::uint32_t needed = required_traits(type_);
  if ((facts.executor_traits & needed) != needed) {
    throw Error("UnsupportedFailure", "failure_type '" + std::string(name_of(type_)) + "' cannot run on executor '" +
                                          facts.executor + "' (its traits: " + trait_names(facts.executor_traits) +
                                          "): " + requirement(type_) + "; nothing was submitted",
                TAPS_UNSUPPORTED);
  }
  host_.info("Injecting failures into the " + base_name_ + " app (type=" + std::string(name_of(type_)) +
             ", rate=" + number(rate_) + ", seed=" + std::to_string(seed_) + ") on executor '" + facts.executor +
             "' (traits: " + trait_names(facts.executor_traits) + ")");
  if (type_ == FailureType::random) {
    host_.info("failure_type random draws, per chosen task, among the types executor '" + facts.executor +
               "' survives: " + joined(facts.candidates));
  }

  tracker_ = std::make_unique<TaskTracker>(engine.handle(), engine.api());
  InjectionPlan plan{rate_, type_, facts.candidates, seed_, memory_limit_, sleep_limit_, getpid()};
  injecting_ = std::make_unique<InjectingEngine>(engine.handle(), engine.api(), info.name, std::move(plan), *tracker_);
  try {
    base_.run(injecting_->handle(), injecting_->api(), run_dir);
    facts.base_succeeded = true;
  } catch (const Error& e) {
    facts.base_error = e.type() + ": " + e.what();
  } catch (const std::exception& e) {
    facts.base_error = e.what();
  }
  // A base app that stopped at its first failed task leaves others running:
  // each is judged once it ends.
  tracker_->wait_all();

  const auto& tasks = tracker_->tasks();
  const Verdict verdict = judge(tasks);
  write_report(run_dir / "failures.json", facts, tasks, verdict);
  if (facts.base_succeeded) {
    host_.info("the base app " + base_name_ + " finished and verified its result");
  } else if (verdict.injected > 0) {
    host_.info("the base app " + base_name_ + " failed, as expected with injected failures: " + facts.base_error);
  }
  host_.info(summary_line(facts, verdict));

  if (!verdict.holds()) {
    throw Error("VerificationError", std::to_string(verdict.observed) + " of " + std::to_string(verdict.injected) +
                                         " injected failures observed, " + std::to_string(verdict.unexpected) +
                                         " unexpected outcomes: " + unexpected_outcomes(tasks, verdict, 5) +
                                         " (all in failures.json)");
  }
  if (!facts.base_succeeded && verdict.injected == 0) {
    throw Error("AppError", "the base app " + base_name_ + " failed although no failure was injected: " +
                                facts.base_error);
  }
  host_.info("Verified: every injected failure was observed and every other task ended as expected");
}

}  // namespace taps::failures
