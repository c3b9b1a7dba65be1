// The IDX and CIFAR readers: files they write themselves (gzip'd and plain),
// every way a file can be wrong, and Debian's Fashion-MNIST as it is shipped.
#include "apps/fedlearn/dataset.hpp"
#include "apps/fedlearn/idx_file.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace taps::fedlearn {
namespace {

namespace fs = std::filesystem;

const fs::path fashion_mnist = "/usr/share/datasets/fashion-mnist";

class DataFiles : public ::testing::Test {
 protected:
  DataFiles() {
    std::string pattern = (fs::temp_directory_path() / "taps-fedlearn-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  ~DataFiles() override { fs::remove_all(dir_); }

  static Bytes idx_header(std::uint8_t type, std::initializer_list<std::uint32_t> dims) {
    Bytes b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (std::uint32_t d : dims) {
      for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(d >> shift));
    }
    return b;
  }

  fs::path write_plain(const std::string& name, const Bytes& bytes) const {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                 static_cast<std::streamsize>(bytes.size()));
    return path;
  }

  fs::path write_gz(const std::string& name, const Bytes& bytes) const {
    const fs::path path = dir_ / name;
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
    return path;
  }

  /// The error read_idx throws for `path`.
  static std::string idx_error(const fs::path& path) {
    try {
      read_idx(path);
    } catch (const Error& e) {
      EXPECT_EQ(e.type(), "DataError");
      return e.what();
    }
    ADD_FAILURE() << "read_idx accepted " << path;
    return {};
  }

  fs::path dir_;
};

Bytes with(Bytes head, const Bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

TEST_F(DataFiles, ReadsGzippedAndPlainIdxAlike) {
  const Bytes file = with(idx_header(0x08, {2, 3}), {1, 2, 3, 4, 5, 6});
  for (const fs::path& path : {write_gz("a.gz", file), write_plain("a", file)}) {
    const IdxArray a = read_idx(path);
    EXPECT_EQ(a.dimensions, (std::vector<std::uint32_t>{2, 3}));
    EXPECT_EQ(a.values, (Bytes{1, 2, 3, 4, 5, 6}));
  }
}

TEST_F(DataFiles, ReadsOnlyTheFirstItemsWhenAsked) {
  const IdxArray a = read_idx(write_gz("b.gz", with(idx_header(0x08, {3, 2}), {1, 2, 3, 4, 5, 6})), 2);
  EXPECT_EQ(a.dimensions, (std::vector<std::uint32_t>{2, 2}));
  EXPECT_EQ(a.values, (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(read_idx(dir_ / "b.gz", 7).dimensions[0], 3u);
}

TEST_F(DataFiles, MissingFileIsAnErrorNamingThePath) {
  const std::string message = idx_error(dir_ / "absent.gz");
  EXPECT_NE(message.find((dir_ / "absent.gz").string()), std::string::npos) << message;
}

TEST_F(DataFiles, TruncatedValuesAreAnErrorNamingThePath) {
  const fs::path path = write_gz("short.gz", with(idx_header(0x08, {4}), {1, 2, 3}));
  const std::string message = idx_error(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
}

TEST_F(DataFiles, TrailingBytesAreAnError) {
  EXPECT_NE(idx_error(write_plain("long", with(idx_header(0x08, {2}), {1, 2, 3}))).find("longer"), std::string::npos);
}

TEST_F(DataFiles, OtherMagicOrValueTypeIsAnError) {
  EXPECT_NE(idx_error(write_plain("text", {'h', 'e', 'l', 'l', 'o', '\n'})).find("not an IDX file"),
            std::string::npos);
  EXPECT_NE(idx_error(write_plain("floats", with(idx_header(0x0D, {1}), {0, 0, 0, 0}))).find("0x0d"),
            std::string::npos);
}

TEST_F(DataFiles, CorruptGzipStreamIsAnErrorNamingThePath) {
  Bytes gz;
  {
    const fs::path good = write_gz("good.gz", with(idx_header(0x08, {1000}), Bytes(1000, 7)));
    std::ifstream in(good, std::ios::binary);
    gz.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (std::size_t i = 12; i + 8 < gz.size(); ++i) gz[i] ^= 0x5a;  // the deflate stream, not the gzip header
  const fs::path path = write_plain("corrupt.gz", gz);
  const std::string message = idx_error(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
}

TEST_F(DataFiles, ImagesAndLabelsThatDisagreeAreAnError) {
  write_gz("train-images-idx3-ubyte.gz", with(idx_header(0x08, {2, 2, 2}), Bytes(8, 1)));
  write_gz("train-labels-idx1-ubyte.gz", with(idx_header(0x08, {3}), {1, 2, 3}));
  try {
    load_dataset(DatasetName::mnist, dir_, true);
    FAIL() << "mismatched counts accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2 images"), std::string::npos) << e.what();
  }
}

TEST_F(DataFiles, ReadsPlainMnistFilesAUserUnpacked) {
  write_plain("t10k-images-idx3-ubyte", with(idx_header(0x08, {2, 2, 2}), {0, 1, 2, 3, 4, 5, 6, 7}));
  write_plain("t10k-labels-idx1-ubyte", with(idx_header(0x08, {2}), {9, 4}));
  const Dataset d = load_dataset(DatasetName::mnist, dir_, false);
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d.features, 4u);
  EXPECT_EQ(d.labels, (Bytes{9, 4}));
  EXPECT_EQ(d.subset({1}).pixels, (Bytes{4, 5, 6, 7}));
}

TEST_F(DataFiles, ReadsCifarBinaryRecords) {
  Bytes batch;
  for (std::uint8_t label : {3, 7}) {
    batch.push_back(label);
    batch.insert(batch.end(), 3072, label);
  }
  write_plain("test_batch.bin", batch);
  const Dataset d = load_dataset(DatasetName::cifar10, dir_, false);
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d.features, 3072u);
  EXPECT_EQ(d.labels, (Bytes{3, 7}));
  EXPECT_EQ(d.pixels[3072], 7);

  batch.pop_back();
  write_plain("test_batch.bin", batch);
  EXPECT_THROW(load_dataset(DatasetName::cifar10, dir_, false), Error);
}

TEST(FashionMnist, DebiansFilesHold60000And10000LabelledImages) {
  if (!fs::exists(fashion_mnist)) GTEST_SKIP() << "apt-get install dataset-fashion-mnist";
  const Dataset train = load_dataset(DatasetName::fmnist, fashion_mnist, true);
  const Dataset test = load_dataset(DatasetName::fmnist, fashion_mnist, false);
  EXPECT_EQ(train.size(), 60000u);
  EXPECT_EQ(test.size(), 10000u);
  EXPECT_EQ(train.features, 784u);
  EXPECT_EQ(train.pixels.size(), 60000u * 784u);
  // The first image of each split is an ankle boot (class 9).
  EXPECT_EQ(train.labels[0], 9);
  EXPECT_EQ(test.labels[0], 9);
  std::size_t per_class[10] = {};
  for (auto label : test.labels) ++per_class[label];
  for (auto n : per_class) EXPECT_EQ(n, 1000u);  // the test split is balanced
}

}  // namespace
}  // namespace taps::fedlearn
