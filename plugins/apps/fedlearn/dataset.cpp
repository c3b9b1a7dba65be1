#include "dataset.hpp"

#include "idx_file.hpp"

#include <taps/error.hpp>

#include <cstring>
#include <fstream>
#include <iterator>

namespace taps::fedlearn {

namespace {

namespace fs = std::filesystem;

/// `name.gz` when it exists, else `name` (a user's unpacked copy).
fs::path idx_path(const fs::path& dir, const std::string& name) {
  const fs::path gz = dir / (name + ".gz");
  return fs::exists(gz) || !fs::exists(dir / name) ? gz : dir / name;
}

Dataset load_idx_pair(const fs::path& dir, bool train, std::uint64_t max_items) {
  const std::string prefix = train ? "train" : "t10k";
  const fs::path images_path = idx_path(dir, prefix + "-images-idx3-ubyte");
  const fs::path labels_path = idx_path(dir, prefix + "-labels-idx1-ubyte");
  IdxArray images = read_idx(images_path, max_items);
  IdxArray labels = read_idx(labels_path, max_items);
  if (images.dimensions.size() != 3) {
    throw Error("DataError", "'" + images_path.string() + "': expected 3 dimensions (images x rows x columns), found " +
                                 std::to_string(images.dimensions.size()));
  }
  if (labels.dimensions.size() != 1) {
    throw Error("DataError", "'" + labels_path.string() + "': expected 1 dimension (labels), found " +
                                 std::to_string(labels.dimensions.size()));
  }
  if (images.dimensions[0] != labels.dimensions[0]) {
    throw Error("DataError", "'" + images_path.string() + "' has " + std::to_string(images.dimensions[0]) +
                                 " images but '" + labels_path.string() + "' has " +
                                 std::to_string(labels.dimensions[0]) + " labels");
  }
  Dataset data;
  data.features = std::size_t{images.dimensions[1]} * images.dimensions[2];
  data.classes = 10;
  for (std::uint8_t label : labels.values) {
    if (label >= data.classes) {
      throw Error("DataError", "'" + labels_path.string() + "': label " + std::to_string(label) + " is not 0-9");
    }
  }
  data.pixels = std::move(images.values);
  data.labels = std::move(labels.values);
  return data;
}

Bytes read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("DataError", "'" + path.string() + "': cannot open (CIFAR binary version expected)");
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// CIFAR's binary records: `label_bytes` label bytes (the last one is the
/// class) and 3072 pixel bytes.
Dataset load_cifar(const fs::path& dir, const std::vector<std::string>& files, std::size_t label_bytes,
                   std::size_t classes) {
  constexpr std::size_t features = 3 * 32 * 32;
  const std::size_t record = label_bytes + features;
  Dataset data;
  data.features = features;
  data.classes = classes;
  for (const auto& name : files) {
    const fs::path path = dir / name;
    const Bytes bytes = read_file(path);
    if (bytes.empty() || bytes.size() % record != 0) {
      throw Error("DataError", "'" + path.string() + "': " + std::to_string(bytes.size()) +
                                   " bytes is not a whole number of " + std::to_string(record) + "-byte records");
    }
    for (std::size_t at = 0; at < bytes.size(); at += record) {
      const std::uint8_t label = bytes[at + label_bytes - 1];
      if (label >= classes) {
        throw Error("DataError", "'" + path.string() + "': label " + std::to_string(label) + " at byte " +
                                     std::to_string(at) + " is not below " + std::to_string(classes));
      }
      data.labels.push_back(label);
      data.pixels.insert(data.pixels.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at + label_bytes),
                         bytes.begin() + static_cast<std::ptrdiff_t>(at + record));
    }
  }
  return data;
}

Dataset load_cifar_split(DatasetName name, const fs::path& dir, bool train) {
  if (name == DatasetName::cifar100) return load_cifar(dir, {train ? "train.bin" : "test.bin"}, 2, 100);
  if (!train) return load_cifar(dir, {"test_batch.bin"}, 1, 10);
  return load_cifar(dir, {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                          "data_batch_5.bin"},
                    1, 10);
}

Dataset first_samples(Dataset data, std::uint64_t max_samples) {
  if (max_samples == 0 || max_samples >= data.size()) return data;
  data.labels.resize(max_samples);
  data.pixels.resize(max_samples * data.features);
  return data;
}

}  // namespace

DatasetName dataset_from_string(const std::string& name) {
  if (name == "fmnist") return DatasetName::fmnist;
  if (name == "mnist") return DatasetName::mnist;
  if (name == "cifar10") return DatasetName::cifar10;
  if (name == "cifar100") return DatasetName::cifar100;
  throw Error("ConfigError", "unknown dataset '" + name + "' (fmnist, mnist, cifar10 or cifar100)",
              TAPS_INVALID_ARGUMENT);
}

Dataset Dataset::subset(const std::vector<std::uint32_t>& indices) const {
  Dataset part;
  part.features = features;
  part.classes = classes;
  part.pixels.resize(indices.size() * features);
  part.labels.resize(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    std::memcpy(part.pixels.data() + i * features, pixels.data() + std::size_t{indices[i]} * features, features);
    part.labels[i] = labels[indices[i]];
  }
  return part;
}

Dataset load_dataset(DatasetName name, const fs::path& dir, bool train, std::uint64_t max_samples) {
  switch (name) {
    case DatasetName::fmnist:
    case DatasetName::mnist:
      return load_idx_pair(dir, train, max_samples == 0 ? UINT64_MAX : max_samples);
    case DatasetName::cifar10:
    case DatasetName::cifar100:
      return first_samples(load_cifar_split(name, dir, train), max_samples);
  }
  throw Error("ConfigError", "unknown dataset", TAPS_INVALID_ARGUMENT);
}

}  // namespace taps::fedlearn
