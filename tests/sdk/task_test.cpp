// task.hpp: the C trampoline around a C++ task function.
#include <taps/buffer.hpp>
#include <taps/codec.hpp>
#include <taps/engine.hpp>
#include <taps/executor.hpp>
#include <taps/task.hpp>

#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::int64_t add(std::int64_t a, std::int64_t b) { return a + b; }

std::string label(const std::string& prefix, taps::Rest<std::int64_t> values) {
  std::string out = prefix;
  for (auto v : values) out += ":" + std::to_string(v);
  return out;
}

std::uint64_t total_size(taps::Rest<taps::BytesView> blocks) {
  std::uint64_t n = 0;
  for (const auto& b : blocks) n += b.size;
  return n;
}

int void_calls = 0;
void remember() { ++void_calls; }

struct NotStandard {};
double fails_with(std::int32_t how) {
  if (how == 0) throw std::invalid_argument("bad input");
  if (how == 1) throw taps::Error("ValueError", "custom error");
  throw NotStandard{};
}

std::vector<std::string> logged;
void log_to_vector(const taps_host*, taps_log_level, const char* logger, const char* message) {
  logged.push_back(std::string(logger) + ": " + message);
}
void logs() { taps::this_task::log(taps::LogLevel::info, "from the task"); }

constexpr taps::TaskDef tasks[] = {TAPS_TASK(add), taps::task<&label>("label"), TAPS_TASK(total_size),
                                   TAPS_TASK(remember), TAPS_TASK(fails_with), TAPS_TASK(logs)};

/// Calls a task's C entry with encoded arguments, as an executor would.
struct Call {
  taps_status status;
  taps::Buffer result;
  std::string type;
  std::string message;
};

template <class... A>
Call call(const taps::TaskDef& task, const taps_host* host, const A&... args) {
  std::vector<taps::Buffer> payloads;
  (payloads.emplace_back(taps::encode_payload(args)), ...);
  std::vector<taps_payload_view> views;
  for (const auto& p : payloads) views.push_back(p.view());
  Call out{};
  taps_error_sink sink{sizeof(taps_error_sink), &out, [](void* c, const char* type, const char* message, const char*) {
                         static_cast<Call*>(c)->type = type;
                         static_cast<Call*>(c)->message = message;
                       }};
  taps_buffer result{};
  out.status = task.desc.invoke(host, views.data(), static_cast<uint32_t>(views.size()), &result, &sink);
  if (out.status == TAPS_OK) out.result = taps::Buffer(result);
  return out;
}

TEST(Task, DescribesTheFunctionByNameAndAddress) {
  EXPECT_STREQ(tasks[0].desc.name, "add");
  EXPECT_STREQ(tasks[1].desc.name, "label");
  EXPECT_EQ(tasks[0].desc.struct_size, sizeof(taps_function_desc));
  EXPECT_NE(tasks[0].desc.invoke, nullptr);
  EXPECT_EQ(tasks[0].address(), reinterpret_cast<const void*>(&add));
}

TEST(Task, DecodesArgumentsAndEncodesTheResult) {
  auto c = call(tasks[0], nullptr, std::int64_t{2}, std::int64_t{40});
  ASSERT_EQ(c.status, TAPS_OK) << c.message;
  EXPECT_STREQ(c.result.type(), "i64");
  EXPECT_EQ(taps::decode_payload<std::int64_t>(c.result.view()), 42);
}

TEST(Task, ReportsTheWrongNumberOfArgumentsAsATypeError) {
  auto too_few = call(tasks[0], nullptr, std::int64_t{1});
  EXPECT_EQ(too_few.status, TAPS_TASK_FAILED);
  EXPECT_EQ(too_few.type, "TypeError");
  EXPECT_NE(too_few.message.find("takes 2 arguments, got 1"), std::string::npos) << too_few.message;
  auto too_many = call(tasks[0], nullptr, std::int64_t{1}, std::int64_t{2}, std::int64_t{3});
  EXPECT_EQ(too_many.type, "TypeError");
  auto no_prefix = call(tasks[1], nullptr);
  EXPECT_EQ(no_prefix.type, "TypeError");
  EXPECT_NE(no_prefix.message.find("at least 1"), std::string::npos) << no_prefix.message;
}

TEST(Task, CollectsTrailingArgumentsIntoRest) {
  auto none = call(tasks[1], nullptr, std::string("p"));
  ASSERT_EQ(none.status, TAPS_OK) << none.message;
  EXPECT_EQ(taps::decode_payload<std::string>(none.result.view()), "p");
  auto three = call(tasks[1], nullptr, std::string("p"), std::int64_t{1}, std::int64_t{2}, std::int64_t{3});
  ASSERT_EQ(three.status, TAPS_OK) << three.message;
  EXPECT_EQ(taps::decode_payload<std::string>(three.result.view()), "p:1:2:3");
}

TEST(Task, PassesBytesToRestOfBytesViewWithoutCopying) {
  auto c = call(tasks[2], nullptr, taps::Bytes(10), taps::Bytes(0), taps::Bytes(5));
  ASSERT_EQ(c.status, TAPS_OK) << c.message;
  EXPECT_EQ(taps::decode_payload<std::uint64_t>(c.result.view()), 15u);
}

TEST(Submit, HandsAnRvalueBytesToABytesViewParameterOverWithoutCopying) {
  taps::Bytes moved(1000, 7);
  const std::uint8_t* original = moved.data();
  const taps::Bytes kept(1000, 8);
  std::vector<taps_arg> args;
  taps::detail::append_arg<taps::BytesView>(args, std::move(moved));
  taps::detail::append_arg<taps::BytesView>(args, kept);
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[0].value.data, original) << "the submitted vector itself is the payload";
  EXPECT_NE(args[1].value.data, kept.data()) << "an lvalue the caller keeps is copied";
  for (auto& arg : args) {
    taps::Buffer payload(arg.value);
    EXPECT_STREQ(payload.type(), "bytes");
    EXPECT_EQ(payload.size(), 1000u);
  }
}

TEST(PluginPath, SplitsOnColonsInOrderSkippingEmptyEntries) {
  EXPECT_EQ(taps::plugin_path_directories("/a:/b/c::/d:"), (std::vector<std::string>{"/a", "/b/c", "/d"}));
  EXPECT_TRUE(taps::plugin_path_directories("").empty());
}

TEST(Task, ReportsAnArgumentOfTheWrongTypeAsADecodeError) {
  auto c = call(tasks[0], nullptr, std::string("one"), std::int64_t{2});
  EXPECT_EQ(c.status, TAPS_TASK_FAILED);
  EXPECT_EQ(c.type, "taps::DecodeError");
}

TEST(Task, ReturnsANonePayloadFromAVoidFunction) {
  void_calls = 0;
  auto c = call(tasks[3], nullptr);
  ASSERT_EQ(c.status, TAPS_OK);
  EXPECT_EQ(void_calls, 1);
  EXPECT_STREQ(c.result.type(), "none");
  EXPECT_EQ(c.result.size(), 0u);
}

TEST(Task, TurnsExceptionsIntoAFailedStatusWithTypeAndMessage) {
  auto standard = call(tasks[4], nullptr, std::int32_t{0});
  EXPECT_EQ(standard.status, TAPS_TASK_FAILED);
  EXPECT_EQ(standard.type, "std::invalid_argument");
  EXPECT_EQ(standard.message, "bad input");
  auto named = call(tasks[4], nullptr, std::int32_t{1});
  EXPECT_EQ(named.status, TAPS_TASK_FAILED);
  EXPECT_EQ(named.type, "ValueError");
  EXPECT_EQ(named.message, "custom error");
  auto other = call(tasks[4], nullptr, std::int32_t{2});
  EXPECT_EQ(other.status, TAPS_TASK_FAILED);
  EXPECT_EQ(other.type, "UnknownException");
}

TEST(Task, LogsThroughTheHostThatRunsIt) {
  taps_host host{sizeof(taps_host), TAPS_ABI_MAJOR, TAPS_ABI_MINOR, "test", nullptr, &log_to_vector, nullptr, nullptr};
  logged.clear();
  ASSERT_EQ(call(tasks[5], &host).status, TAPS_OK);
  EXPECT_EQ(logged, std::vector<std::string>{"task: from the task"});
  // Outside a task nothing is logged, and nothing crashes.
  taps::this_task::log(taps::LogLevel::info, "outside");
  EXPECT_EQ(logged.size(), 1u);
}

}  // namespace
