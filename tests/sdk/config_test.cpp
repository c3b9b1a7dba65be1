// config.hpp: the option schema builder and the validated-config getters.
#include <taps/config.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr taps_option_desc options[] = {
    taps::option::integer("workers", "Worker threads.").defaults("4").min(1).max(64),
    taps::option::real("sleep", "Task sleep.").defaults("0.5").unit("s"),
    taps::option::choice("structure", "bag|diamond", "Workflow shape.").defaults("bag"),
    taps::option::string("name", "A name.").required(),
    taps::option::boolean("verbose", "Talk more.").defaults("false"),
    taps::option::table("extra", "Free-form settings."),
};

// The schema is static data: it is built at compile time.
static_assert(options[0].flags == (TAPS_OPTION_HAS_MIN | TAPS_OPTION_HAS_MAX));
static_assert(options[0].min_value == 1 && options[0].max_value == 64);

TEST(Option, BuildsTheCSchemaEntry) {
  EXPECT_EQ(options[0].struct_size, sizeof(taps_option_desc));
  EXPECT_STREQ(options[0].key, "workers");
  EXPECT_EQ(options[0].type, TAPS_OPTION_INT);
  EXPECT_STREQ(options[0].default_value, "4");
  EXPECT_STREQ(options[0].description, "Worker threads.");
  EXPECT_EQ(options[0].choices, nullptr);
  EXPECT_EQ(options[0].unit, nullptr);

  EXPECT_EQ(options[1].type, TAPS_OPTION_FLOAT);
  EXPECT_STREQ(options[1].unit, "s");
  EXPECT_EQ(options[1].flags, 0u);

  EXPECT_EQ(options[2].type, TAPS_OPTION_STRING);
  EXPECT_STREQ(options[2].choices, "bag|diamond");

  EXPECT_EQ(options[3].flags, TAPS_OPTION_REQUIRED);
  EXPECT_EQ(options[3].default_value, nullptr);

  EXPECT_EQ(options[4].type, TAPS_OPTION_BOOL);
  EXPECT_EQ(options[5].type, TAPS_OPTION_TABLE);
}

taps::Config make_config(const std::vector<std::pair<const char*, const char*>>& values) {
  std::vector<taps_config_entry> entries;
  for (const auto& [key, value] : values) entries.push_back({sizeof(taps_config_entry), key, value});
  const taps_config config{sizeof(taps_config), static_cast<uint32_t>(entries.size()), entries.data()};
  return taps::Config(&config);  // copies: the C config is borrowed for the call only
}

TEST(Config, ReadsEachTypeFromItsCanonicalText) {
  const auto config = make_config({{"n", "-42"}, {"x", "2.5e-3"}, {"s", "text"}, {"on", "true"}, {"off", "false"}});
  EXPECT_EQ(config.get_int("n"), -42);
  EXPECT_DOUBLE_EQ(config.get_double("x"), 2.5e-3);
  EXPECT_EQ(config.get_string("s"), "text");
  EXPECT_TRUE(config.get_bool("on"));
  EXPECT_FALSE(config.get_bool("off"));
  EXPECT_EQ(config.values().size(), 5u);
}

TEST(Config, ReadsFullRangeIntegers) {
  const auto config = make_config({{"big", "9223372036854775807"}});
  EXPECT_EQ(config.get_int("big"), INT64_MAX);
}

TEST(Config, ReportsAMissingKeyAsAConfigError) {
  const auto config = make_config({});
  try {
    config.get_int("absent");
    FAIL();
  } catch (const taps::Error& e) {
    EXPECT_EQ(e.type(), "ConfigError");
    EXPECT_EQ(e.status(), TAPS_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("absent"), std::string::npos);
  }
  EXPECT_FALSE(config.has("absent"));
  EXPECT_EQ(config.get_string("absent", "fallback"), "fallback");
}

TEST(Config, RefusesTextThatIsNotOfTheRequestedType) {
  const auto config = make_config({{"n", "12abc"}, {"empty", ""}, {"huge", "99999999999999999999"}, {"b", "yes"}});
  EXPECT_THROW(config.get_int("n"), taps::Error);
  EXPECT_THROW(config.get_int("empty"), taps::Error);
  EXPECT_THROW(config.get_int("huge"), taps::Error);
  EXPECT_THROW(config.get_double("n"), taps::Error);
  EXPECT_THROW(config.get_bool("b"), taps::Error);
}

TEST(Config, TreatsANullValueAsEmptyAndANullConfigAsEmpty) {
  const auto config = make_config({{"k", nullptr}});
  EXPECT_TRUE(config.has("k"));
  EXPECT_EQ(config.get_string("k"), "");
  EXPECT_TRUE(taps::Config(nullptr).values().empty());
}

}  // namespace
