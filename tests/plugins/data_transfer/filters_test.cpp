// The filters, loaded from their .so: never, object-size (inclusive bounds:
// min-1, min, max, max+1) and object-type (regex search on the type tag).
#include "loaded_transformer.hpp"

#include <cstdint>
#include <limits>

namespace taps::data_testing {
namespace {

/// One filter instance, as taps-host creates it.
class LoadedFilter {
 public:
  LoadedFilter(const std::string& library_path, const std::string& name, std::map<std::string, std::string> config)
      : host_(Role::client, ""),
        descriptor_(library(library_path).plugin(TAPS_KIND_FILTER, name)),
        instance_(descriptor_, host_.get(), config_with_defaults(descriptor_, std::move(config))) {}

  taps_status status() const { return instance_.status(); }
  const std::string& error() const { return instance_.error().message; }
  std::vector<std::string> log_lines() const { return host_.log_lines(); }

  bool accepts(const char* type, std::uint64_t size) const {
    return instance_.methods<taps_filter_methods>().accepts(instance_.self(), type, size) != 0;
  }

 private:
  RunHost host_;
  const taps_plugin_descriptor& descriptor_;
  Instance instance_;
};

constexpr std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();

TEST(NeverFilter, SelectsNothing) {
  LoadedFilter never(TAPS_NEVER_PLUGIN, "never", {});
  ASSERT_EQ(never.status(), TAPS_OK);
  for (std::uint64_t size : {std::uint64_t{0}, std::uint64_t{1} << 30, huge}) {
    EXPECT_FALSE(never.accepts("bytes", size));
  }
}

TEST(ObjectSizeFilter, BothBoundsAreInclusive) {
  LoadedFilter filter(TAPS_OBJECT_SIZE_PLUGIN, "object-size", {{"min_size", "100"}, {"max_size", "200"}});
  ASSERT_EQ(filter.status(), TAPS_OK) << filter.error();
  EXPECT_FALSE(filter.accepts("bytes", 99));
  EXPECT_TRUE(filter.accepts("bytes", 100));
  EXPECT_TRUE(filter.accepts("bytes", 150));
  EXPECT_TRUE(filter.accepts("bytes", 200));
  EXPECT_FALSE(filter.accepts("bytes", 201));
}

TEST(ObjectSizeFilter, WithoutMaxSizeThereIsNoUpperBound) {
  LoadedFilter filter(TAPS_OBJECT_SIZE_PLUGIN, "object-size", {{"min_size", "1"}});
  ASSERT_EQ(filter.status(), TAPS_OK) << filter.error();
  EXPECT_FALSE(filter.accepts("bytes", 0));
  EXPECT_TRUE(filter.accepts("bytes", 1));
  EXPECT_TRUE(filter.accepts("bytes", huge));
}

TEST(ObjectSizeFilter, EqualBoundsSelectExactlyThatSize) {
  LoadedFilter filter(TAPS_OBJECT_SIZE_PLUGIN, "object-size", {{"min_size", "64"}, {"max_size", "64"}});
  ASSERT_EQ(filter.status(), TAPS_OK) << filter.error();
  EXPECT_FALSE(filter.accepts("bytes", 63));
  EXPECT_TRUE(filter.accepts("bytes", 64));
  EXPECT_FALSE(filter.accepts("bytes", 65));
}

TEST(ObjectSizeFilter, AMinimumAboveTheMaximumIsAStartupError) {
  LoadedFilter filter(TAPS_OBJECT_SIZE_PLUGIN, "object-size", {{"min_size", "201"}, {"max_size", "200"}});
  EXPECT_NE(filter.status(), TAPS_OK);
  EXPECT_NE(filter.error().find("min_size (201 bytes) is larger than max_size (200 bytes)"), std::string::npos)
      << filter.error();
}

TEST(ObjectTypeFilter, AJsonListOfPatternsIsSearchedInTheTypeTag) {
  LoadedFilter filter(TAPS_OBJECT_TYPE_PLUGIN, "object-type", {{"patterns", R"(["^bytes$", "matrix<"])"}});
  ASSERT_EQ(filter.status(), TAPS_OK) << filter.error();
  EXPECT_TRUE(filter.accepts("bytes", 1));
  EXPECT_FALSE(filter.accepts("bytes2", 1)) << "^...$ anchors";
  EXPECT_TRUE(filter.accepts("matrix<f64>", 1));
  EXPECT_TRUE(filter.accepts("std::vector<matrix<f32>>", 1)) << "a search, not a full match";
  EXPECT_FALSE(filter.accepts("f64[]", 1));
  EXPECT_FALSE(filter.accepts("", 1));
}

TEST(ObjectTypeFilter, AValueThatIsNotAJsonListIsOneRegex) {
  LoadedFilter filter(TAPS_OBJECT_TYPE_PLUGIN, "object-type", {{"patterns", R"(^f64(\[\])?$)"}});
  ASSERT_EQ(filter.status(), TAPS_OK) << filter.error();
  EXPECT_TRUE(filter.accepts("f64", 1));
  EXPECT_TRUE(filter.accepts("f64[]", 1));
  EXPECT_FALSE(filter.accepts("f32[]", 1));
  LoadedFilter bracket(TAPS_OBJECT_TYPE_PLUGIN, "object-type", {{"patterns", "[a-c]+$"}});
  ASSERT_EQ(bracket.status(), TAPS_OK) << bracket.error();
  EXPECT_TRUE(bracket.accepts("abc", 1));
  EXPECT_FALSE(bracket.accepts("xyz", 1));
}

TEST(ObjectTypeFilter, NoPatternsSelectNothingAndSaySo) {
  LoadedFilter filter(TAPS_OBJECT_TYPE_PLUGIN, "object-type", {});
  ASSERT_EQ(filter.status(), TAPS_OK) << filter.error();
  EXPECT_FALSE(filter.accepts("bytes", 1));
  const auto log = filter.log_lines();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("no patterns given"), std::string::npos);
}

TEST(ObjectTypeFilter, AnInvalidRegexIsAStartupErrorNamingIt) {
  LoadedFilter filter(TAPS_OBJECT_TYPE_PLUGIN, "object-type", {{"patterns", R"(["^ok$", "(unclosed"])"}});
  EXPECT_NE(filter.status(), TAPS_OK);
  EXPECT_NE(filter.error().find("pattern 2 of 2, '(unclosed', is not a valid regular expression"), std::string::npos)
      << filter.error();
  LoadedFilter not_strings(TAPS_OBJECT_TYPE_PLUGIN, "object-type", {{"patterns", R"(["^ok$", 3])"}});
  EXPECT_NE(not_strings.status(), TAPS_OK);
  EXPECT_NE(not_strings.error().find("element 2 of the JSON list is not a string"), std::string::npos)
      << not_strings.error();
}

}  // namespace
}  // namespace taps::data_testing
