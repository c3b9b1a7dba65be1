// dataset.hpp — the image classification data sets the app trains on, as
// the raw bytes of their files: one byte per pixel (channel) and per label.
//
//   fmnist, mnist: {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] (IDX)
//   cifar10:       data_batch_{1..5}.bin / test_batch.bin  (label, 3072 B)
//   cifar100:      train.bin / test.bin      (coarse label, fine label, 3072 B)
#pragma once

#include <taps/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace taps::fedlearn {

enum class DatasetName { fmnist, mnist, cifar10, cifar100 };

/// Throws a ConfigError for a name that is none of the four.
DatasetName dataset_from_string(const std::string& name);

struct Dataset {
  std::size_t features = 0;  // bytes per sample: 784 for (F)MNIST, 3072 for CIFAR
  std::size_t classes = 0;
  Bytes pixels;              // samples x features, one sample after the other
  Bytes labels;              // one per sample, each < classes

  std::size_t size() const { return labels.size(); }

  /// The samples at `indices`, in that order.
  Dataset subset(const std::vector<std::uint32_t>& indices) const;
};

/// Reads the training or the test split from `dir`, or its first
/// `max_samples` samples (0: all). Throws a DataError naming the file when
/// one is missing or corrupt, or when images and labels disagree.
Dataset load_dataset(DatasetName name, const std::filesystem::path& dir, bool train, std::uint64_t max_samples = 0);

}  // namespace taps::fedlearn
