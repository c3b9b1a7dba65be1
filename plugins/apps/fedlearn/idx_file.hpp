// idx_file.hpp — reads IDX files, the format of MNIST and Fashion-MNIST
// (gzip'd or plain: zlib reads both), as one array of unsigned bytes.
//
// Layout: two zero bytes, a type byte (0x08 = unsigned byte), the number of
// dimensions, each dimension as a big-endian u32, then the values in
// row-major order. Only unsigned-byte arrays are read: every image and label
// file of both data sets is one.
#pragma once

#include <taps/codec.hpp>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace taps::fedlearn {

struct IdxArray {
  std::vector<std::uint32_t> dimensions;
  Bytes values;  // product(dimensions) bytes, row-major
};

/// Reads the whole file, or with `max_items` only its first items along the
/// first dimension (the first images, the first labels) and the dimensions
/// as read. Throws a DataError naming the path when it is missing,
/// unreadable, not unsigned-byte IDX, or shorter (or, read whole, longer)
/// than its header says.
IdxArray read_idx(const std::filesystem::path& path, std::uint64_t max_items = UINT64_MAX);

}  // namespace taps::fedlearn
