// One value against its schema entry: canonical text and clear refusals.
#include "config/option_value.hpp"
#include "config/config_error.hpp"

#include <taps/config.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace taps::host {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr taps_option_desc count = taps::option::integer("task_count", "Tasks.").min(1).max(100).defaults("10");
constexpr taps_option_desc ratio = taps::option::real("ratio", "A ratio.").min(0).defaults("0.5");
constexpr taps_option_desc flag = taps::option::boolean("verbose", "Talk.").defaults("false");
constexpr taps_option_desc shape = taps::option::choice("structure", "bag|diamond|reduce", "Shape.").defaults("bag");
constexpr taps_option_desc text = taps::option::string("label", "A label.");
constexpr taps_option_desc settings = taps::option::table("settings", "Key/value settings.").defaults("{}");

std::string from_text(const taps_option_desc& option, const std::string& value) {
  return canonical_value(option, RawValue::of_text(value, "--app.x", true), "app 'test'");
}

std::string refusal(const taps_option_desc& option, const RawValue& value) {
  try {
    canonical_value(option, value, "app 'test'");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

RawValue typed_integer(std::int64_t n) {
  RawValue v;
  v.form = RawValue::Form::integer;
  v.integer = n;
  v.origin = "a.toml: [app] x";
  return v;
}

TEST(OptionValue, SpellsBooleansAsTrueOrFalse) {
  for (const char* yes : {"true", "TRUE", "yes", "on", "1"}) EXPECT_EQ(from_text(flag, yes), "true") << yes;
  for (const char* no : {"false", "No", "off", "0"}) EXPECT_EQ(from_text(flag, no), "false") << no;
  RawValue typed;
  typed.form = RawValue::Form::boolean;
  typed.boolean = true;
  EXPECT_EQ(canonical_value(flag, typed, "app 'test'"), "true");
}

TEST(OptionValue, RefusesAnIntegerOutOfRangeNamingOptionValueAndRange) {
  EXPECT_EQ(from_text(count, "100"), "100");
  EXPECT_EQ(from_text(count, "+7"), "7");
  EXPECT_THAT(refusal(count, RawValue::of_text("0", "--app.task-count", true)),
              AllOf(HasSubstr("--app.task-count"), HasSubstr("'0'"), HasSubstr("task_count"),
                    HasSubstr("from 1 to 100"), HasSubstr("app 'test'")));
  EXPECT_THAT(refusal(count, typed_integer(101)), AllOf(HasSubstr("a.toml: [app] x"), HasSubstr("'101'")));
}

TEST(OptionValue, RefusesTextThatIsNotOfTheOptionsType) {
  EXPECT_THAT(refusal(count, RawValue::of_text("ten", "--app.task-count", true)),
              AllOf(HasSubstr("'ten'"), HasSubstr("an integer")));
  EXPECT_THAT(refusal(count, RawValue::of_text("1.5", "--app.task-count", true)), HasSubstr("an integer"));
  EXPECT_THAT(refusal(ratio, RawValue::of_text("half", "--app.ratio", true)), HasSubstr("a number"));
  EXPECT_THAT(refusal(flag, RawValue::of_text("maybe", "--app.verbose", true)), HasSubstr("true or false"));
  EXPECT_THAT(refusal(text, typed_integer(3)), HasSubstr("a string"));
}

TEST(OptionValue, WritesFloatsSoThatTheyReadBackExactly) {
  EXPECT_EQ(from_text(ratio, "0.1"), "0.1");
  EXPECT_EQ(from_text(ratio, "1e300"), "1e+300");
  const std::string third = from_text(ratio, "0.333333333333333314829616256247");
  EXPECT_EQ(std::stod(third), 1.0 / 3.0);
  EXPECT_EQ(canonical_value(ratio, typed_integer(2), "app 'test'"), "2");
  EXPECT_THAT(refusal(ratio, RawValue::of_text("-0.5", "--app.ratio", true)), HasSubstr(">= 0"));
}

TEST(OptionValue, MatchesChoicesWithoutCaseAndPassesTheDeclaredSpelling) {
  EXPECT_EQ(from_text(shape, "DIAMOND"), "diamond");
  EXPECT_THAT(refusal(shape, RawValue::of_text("star", "--app.structure", true)),
              AllOf(HasSubstr("'star'"), HasSubstr("one of: bag, diamond, reduce")));
}

TEST(OptionValue, PassesTablesAsCompactJsonWithSortedKeys) {
  EXPECT_EQ(from_text(settings, R"({ "b": 1, "a": {"y": [1, 2.5], "x": "s"} })"),
            R"({"a":{"x":"s","y":[1,2.5]},"b":1})");
  EXPECT_THAT(refusal(settings, RawValue::of_text("[1, 2]", "--app.settings", true)), HasSubstr("not a JSON object"));
  EXPECT_THAT(refusal(settings, RawValue::of_text("{oops", "--app.settings", true)), HasSubstr("not valid JSON"));
}

TEST(OptionValue, DescribesWhatIsAllowed) {
  EXPECT_EQ(allowed_values(count), "an integer from 1 to 100");
  EXPECT_EQ(allowed_values(ratio), "a number >= 0");
  EXPECT_EQ(allowed_values(shape), "one of: bag, diamond, reduce");
  EXPECT_EQ(type_name(TAPS_OPTION_TABLE), "table");
}

}  // namespace
}  // namespace taps::host
