// The file transformer, loaded from its .so: one file per payload in a
// per-run directory under file_dir, checked on resolve, removed by the
// client on drop and at shutdown unless `keep`.
#include "loaded_transformer.hpp"
#include "scratch_dir.hpp"

#include "common/object_id.hpp"
#include "common/run_scope.hpp"

#include <filesystem>
#include <fstream>

namespace taps::data_testing {
namespace {

namespace fs = std::filesystem;

const std::string plugin = TAPS_FILE_PLUGIN;

std::size_t files_in(const fs::path& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); ++it) ++n;
  return n;
}

class FileTransformerTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> options(bool keep = false) {
    return {{"file_dir", (scratch_.path() / "objects").string()}, {"keep", keep ? "true" : "false"}};
  }
  /// The run's own directory under file_dir.
  fs::path run_objects() const { return scratch_.path() / "objects" / ("taps-" + transformers::run_id_of(run_)); }

  ScratchDir scratch_;
  std::string run_ = (scratch_.path() / "run").string();
};

TEST_F(FileTransformerTest, AWorkerResolvesWhatTheClientWroteWithItsTypeTag) {
  LoadedTransformer client(plugin, "file", Role::client, run_, options());
  LoadedTransformer worker(plugin, "file", Role::worker, run_, options());
  ASSERT_EQ(client.status(), TAPS_OK) << client.error().message;
  for (std::size_t size : {0, 1, 70001}) {
    Buffer id = client.transform(pattern(size), "matrix<f64>");
    EXPECT_STREQ(id.type(), "taps.file-id");
    Buffer back = worker.resolve(id);
    EXPECT_STREQ(back.type(), "matrix<f64>");
    EXPECT_EQ(bytes_of(back), pattern(size));
  }
  EXPECT_EQ(files_in(run_objects()), 3u);
  // The identifier holds the file's name, not a path: nodes may mount the
  // shared directory elsewhere.
  Buffer id = worker.transform(pattern(10));
  const auto decoded = transformers::decode_object_id("file", "taps.file-id", id.view());
  EXPECT_EQ(decoded.location.find('/'), std::string::npos);
  EXPECT_TRUE(fs::exists(run_objects() / decoded.location));
  EXPECT_EQ(bytes_of(client.resolve(id)), pattern(10));
}

TEST_F(FileTransformerTest, ResolveChecksTheFileAgainstTheIdentifier) {
  LoadedTransformer client(plugin, "file", Role::client, run_, options());
  Buffer id = client.transform(pattern(1000));
  const auto decoded = transformers::decode_object_id("file", "taps.file-id", id.view());
  fs::resize_file(run_objects() / decoded.location, 999);
  EXPECT_NE(resolve_error(client, id.view()).find("CorruptObjectError: payload file " +
                                             (run_objects() / decoded.location).string() +
                                             " holds 999 bytes, but its identifier says 1000"),
            std::string::npos);
  fs::remove(run_objects() / decoded.location);
  EXPECT_NE(resolve_error(client, id.view()).find("MissingObjectError"), std::string::npos);

  const Bytes escape = transformers::encode_object_id("file", {"../../etc/passwd", 10, "bytes"});
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.file-id", escape.data(), escape.size()})
                .find("IdentifierError: the file identifier names '../../etc/passwd', which is not a file name"),
            std::string::npos);
  const Bytes garbage{1, 2, 3};
  EXPECT_NE(resolve_error(client, {sizeof(taps_payload_view), "taps.file-id", garbage.data(), garbage.size()})
                .find("IdentifierError: corrupt file identifier (3 bytes)"),
            std::string::npos);
}

TEST_F(FileTransformerTest, DropDeletesTheFileAndShutdownTheRunsDirectory) {
  LoadedTransformer client(plugin, "file", Role::client, run_, options());
  LoadedTransformer worker(plugin, "file", Role::worker, run_, options());
  Buffer kept = client.transform(pattern(100));
  Buffer dropped = client.transform(pattern(200));
  Buffer held = worker.resolve(dropped);
  worker.transform(pattern(300));  // a result the client never heard of
  client.drop(dropped);
  EXPECT_TRUE(eventually([&] { return files_in(run_objects()) == 2; }));
  EXPECT_EQ(bytes_of(held), pattern(200)) << "a buffer handed out stays valid after drop";
  EXPECT_NE(resolve_error(worker, dropped.view()).find("does not exist (already dropped, or created by another run?)"),
            std::string::npos);
  worker.destroy();
  EXPECT_EQ(files_in(run_objects()), 2u) << "a worker deletes nothing";
  client.destroy();
  EXPECT_FALSE(fs::exists(run_objects()));
  EXPECT_TRUE(fs::exists(scratch_.path() / "objects")) << "file_dir itself is the user's";
}

TEST_F(FileTransformerTest, KeepLeavesEveryFile) {
  LoadedTransformer client(plugin, "file", Role::client, run_, options(/*keep=*/true));
  Buffer id = client.transform(pattern(100));
  client.drop(id);
  client.destroy();
  EXPECT_EQ(files_in(run_objects()), 1u);
}

TEST_F(FileTransformerTest, AnEmptyFileDirMeansTheRunDirectory) {
  fs::create_directories(run_);
  LoadedTransformer client(plugin, "file", Role::client, run_, {{"file_dir", ""}});
  ASSERT_EQ(client.status(), TAPS_OK) << client.error().message;
  client.transform(pattern(10));
  EXPECT_EQ(files_in(fs::path(run_) / ("taps-" + transformers::run_id_of(run_))), 1u);
}

TEST_F(FileTransformerTest, AFileDirThatCannotBeCreatedIsAStartupError) {
  const fs::path not_a_directory = scratch_.path() / "plain-file";
  { std::ofstream(not_a_directory) << "x"; }
  LoadedTransformer client(plugin, "file", Role::client, run_, {{"file_dir", (not_a_directory / "sub").string()}});
  EXPECT_NE(client.status(), TAPS_OK);
  EXPECT_NE(client.error().message.find("cannot create the payload directory " + (not_a_directory / "sub").string()),
            std::string::npos)
      << client.error().message;
}

}  // namespace
}  // namespace taps::data_testing
