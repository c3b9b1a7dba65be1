// A worker (taps-host worker --task IN --result OUT, the same code every
// out-of-process executor runs) given identifiers of each transformer: a
// valid one resolves and its task succeeds; a corrupted or missing one fails
// only its own task, with an error that says what is wrong.
#include "data_runs.hpp"
#include "loaded_transformer.hpp"

#include "engine/wire_format.hpp"

#include <taps/codec.hpp>
#include <taps/plugin.hpp>

namespace taps::data_testing {
namespace {

class CorruptIdentifier : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!setup_.available()) GTEST_SKIP() << "redis-server is not installed";
    // A finished run of the crashy app with this transformer: its
    // config.toml is what the worker loads.
    std::vector<std::string> args{"--app", "crashy", "--app.mode", "ok", "--app.delay", "0", "--app.tasks", "1"};
    const auto with = setup_.args(scratch_);
    args.insert(args.end(), with.begin(), with.end());
    HostProcess run(run_args(scratch_, args), scratch_.path() / "run.txt");
    const Ending& ending = run.wait(60);
    ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << run.output();
    run_dir_ = scratch_.run_dir();
  }

  /// An encoded task calling crashy's echo on one identifier argument.
  static Bytes echo_task(const std::string& id, const Buffer& identifier) {
    Bytes bytes;
    Writer w(bytes);
    w.put_raw("TAPT", 4);
    w.put<std::uint16_t>(host::wire::version);
    w.put(id);
    w.put(std::string("crashy"));
    w.put(std::string("echo"));
    w.put<std::uint32_t>(1);
    w.put<std::uint8_t>(1);  // an identifier
    w.put(std::string(identifier.type()));
    w.put<std::uint64_t>(identifier.size());
    bytes.resize((bytes.size() + 7) / 8 * 8, 0);  // the bytes start 8-aligned
    w.put_raw(identifier.data(), identifier.size());
    bytes.resize((bytes.size() + 7) / 8 * 8, 0);  // and so does whatever follows
    return bytes;
  }

  /// Runs one task in a worker of the run; returns its outcome.
  host::Outcome run_in_worker(const Bytes& task) {
    const fs::path in = scratch_.path() / "task.bin";
    const fs::path out = scratch_.path() / "result.bin";
    {
      std::ofstream file(in, std::ios::binary);
      file.write(reinterpret_cast<const char*>(task.data()), static_cast<std::streamsize>(task.size()));
    }
    HostProcess worker({"--plugin-path", TAPS_PLUGIN_DIR, "--plugin-path", TAPS_CRASHY_PLUGIN_DIR, "worker",
                        "--config", (run_dir_ / "config.toml").string(), "--task", in.string(), "--result",
                        out.string()},
                       scratch_.path() / "worker.txt");
    const Ending& ending = worker.wait(30);
    EXPECT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << worker.output();
    const std::string result = oop_testing::read_text(out);
    return host::wire::decode_result(reinterpret_cast<const std::uint8_t*>(result.data()), result.size(), nullptr);
  }

  TransformerSetup setup_{GetParam()};
  Scratch scratch_;
  fs::path run_dir_;
};

TEST_P(CorruptIdentifier, FailsOnlyItsOwnTaskWithAClearError) {
  // This test plays the run's client: it stores the inputs and owns them.
  LoadedTransformer client(std::string(TAPS_PLUGIN_DIR) + "/taps_" + setup_.name + ".so", setup_.name, Role::client,
                           run_dir_.string(), setup_.options(scratch_));
  ASSERT_EQ(client.status(), TAPS_OK) << client.error().message;
  const Buffer input(encode_payload(Bytes{1, 2, 3, 4, 5}));
  const Buffer good = client.transform(bytes_of(input), input.type());
  const Buffer missing = client.transform(bytes_of(input), input.type());
  client.drop(missing);
  ASSERT_TRUE(eventually([&] { return is_gone(client, missing); }));
  Bytes mangled = bytes_of(good);
  mangled.resize(mangled.size() - 3);
  const Buffer truncated(make_buffer(std::move(mangled), good.type()));

  const host::Outcome ok = run_in_worker(echo_task("good", good));
  ASSERT_TRUE(ok.success) << ok.error_type << ": " << ok.error_message;
  ASSERT_TRUE(ok.result_is_identifier) << "the worker transforms the result too";
  EXPECT_EQ(decode_payload<Bytes>(client.resolve(ok.result).view()), (Bytes{5, 4, 3, 2, 1}));

  const host::Outcome lost = run_in_worker(echo_task("missing", missing));
  EXPECT_FALSE(lost.success);
  EXPECT_EQ(lost.error_type, "MissingObjectError");
  EXPECT_NE(lost.error_message.find("does not exist (already dropped, or created by another run?)"),
            std::string::npos)
      << lost.error_message;
  EXPECT_TRUE(lost.has_execution) << "the failure carries its timestamps";

  const host::Outcome corrupt = run_in_worker(echo_task("truncated", truncated));
  EXPECT_FALSE(corrupt.success);
  EXPECT_EQ(corrupt.error_type, "IdentifierError");
  EXPECT_NE(corrupt.error_message.find("corrupt " + setup_.name + " identifier"), std::string::npos)
      << corrupt.error_message;

  // The valid identifier still resolves after its neighbours failed.
  EXPECT_TRUE(run_in_worker(echo_task("good-again", good)).success);
  client.destroy();
  EXPECT_EQ(setup_.leftovers(scratch_, run_dir_), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(EachTransformer, CorruptIdentifier, ::testing::Values("shm", "file", "redis"));

}  // namespace
}  // namespace taps::data_testing
