#include "engine/wire_format.hpp"

#include "engine_fixture.hpp"

namespace taps::testing {
namespace {

TEST(WireFormat, EncodedTasksRunAndReturnTheirResults) {
  EngineFixture f({.encode = true});
  auto a = f.engine().submit(add, 1.0, 2.0);
  auto b = f.engine().submit(sum, a, a, 4.0);
  EXPECT_EQ(b.result(), 10.0);
}

TEST(WireFormat, EncodedFailuresKeepTheirTypeAndMessage) {
  EngineFixture f({.encode = true});
  auto error = f.engine().submit(fail_with, std::string("remote boom")).exception();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type(), "std::invalid_argument");
  EXPECT_STREQ(error->what(), "remote boom");
  auto records = f.records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].has_execution);
}

TEST(WireFormat, ResultsRoundTrip) {
  host::Outcome outcome;
  outcome.success = true;
  outcome.has_execution = true;
  outcome.execution.hostname = "node-7";
  outcome.execution.task_start_time = 12.5;
  outcome.result = Buffer(encode_payload(std::string("hello")));
  Bytes message = host::wire::encode_result("id-1", outcome);
  std::string id;
  host::Outcome back = host::wire::decode_result(message.data(), message.size(), &id);
  EXPECT_EQ(id, "id-1");
  EXPECT_TRUE(back.success);
  EXPECT_EQ(back.execution.hostname, "node-7");
  EXPECT_EQ(back.execution.task_start_time, 12.5);
  EXPECT_EQ(decode_payload<std::string>(back.result.view()), "hello");
}

TEST(WireFormat, RefusesAMessageOfAnotherVersion) {
  host::Outcome outcome;
  Bytes message = host::wire::encode_result("id", outcome);
  message[4] = 9;  // the version's low byte
  try {
    host::wire::decode_result(message.data(), message.size(), nullptr);
    FAIL() << "expected a version error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("version 9"), std::string::npos) << e.what();
  }
}

TEST(WireFormat, RefusesTruncatedAndForeignMessages) {
  host::Outcome outcome;
  outcome.error_type = "E";
  outcome.error_message = "m";
  Bytes message = host::wire::encode_result("id", outcome);
  EXPECT_THROW(host::wire::decode_result(message.data(), message.size() - 3, nullptr), Error);
  Bytes junk{'n', 'o', 'p', 'e', 0, 0, 1, 2};
  EXPECT_THROW(host::wire::decode_task(junk.data(), junk.size()), Error);
  EXPECT_THROW(host::wire::decode_task(junk.data(), 2), Error);
}

}  // namespace
}  // namespace taps::testing
