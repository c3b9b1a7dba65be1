#include "run/env_vars.hpp"

#include "config/config_error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace taps::host {
namespace {

TEST(EnvVars, AcceptsStringsNumbersAndBools) {
  auto vars = parse_env_vars(R"({"OMP_NUM_THREADS":"1","N":4,"X":0.5,"B":true})");
  EXPECT_EQ(vars.at("OMP_NUM_THREADS"), "1");
  EXPECT_EQ(vars.at("N"), "4");
  EXPECT_EQ(vars.at("X"), "0.5");
  EXPECT_EQ(vars.at("B"), "true");
}

TEST(EnvVars, RefusesNestedValuesAndBadNames) {
  EXPECT_THROW(parse_env_vars(R"({"A":[1]})"), ConfigError);
  EXPECT_THROW(parse_env_vars(R"({"A=B":"1"})"), ConfigError);
  EXPECT_THROW(parse_env_vars(R"("text")"), ConfigError);
}

TEST(EnvVars, AreSetInTheProcessSoWorkersInheritThem) {
  apply_env_vars({{"TAPS_TEST_ENV_VAR", "42"}});
  ASSERT_NE(std::getenv("TAPS_TEST_ENV_VAR"), nullptr);
  EXPECT_STREQ(std::getenv("TAPS_TEST_ENV_VAR"), "42");
}

}  // namespace
}  // namespace taps::host
