#include "idx_file.hpp"

#include <taps/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace taps::fedlearn {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& problem) {
  throw Error("DataError", "'" + path.string() + "': " + problem);
}

class GzFile {
 public:
  explicit GzFile(const std::filesystem::path& path) : path_(path), file_(gzopen(path.c_str(), "rb")) {
    if (!file_) fail(path, std::string("cannot open: ") + std::strerror(errno ? errno : ENOENT));
  }
  ~GzFile() { gzclose(file_); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Reads up to `size` bytes; fewer only at the end of the file.
  std::size_t read(void* into, std::size_t size) {
    std::size_t done = 0;
    auto* out = static_cast<std::uint8_t*>(into);
    while (done < size) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
      const int n = gzread(file_, out + done, chunk);
      if (n < 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        fail(path_, std::string("corrupt or unreadable: ") + (message ? message : "read error"));
      }
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    return done;
  }

  void read_exactly(void* into, std::size_t size, const char* what) {
    const std::size_t n = read(into, size);
    if (n != size) {
      fail(path_, std::string("truncated ") + what + ": " + std::to_string(n) + " of " + std::to_string(size) +
                      " bytes");
    }
  }

 private:
  std::filesystem::path path_;
  gzFile file_;
};

}  // namespace

IdxArray read_idx(const std::filesystem::path& path, std::uint64_t max_items) {
  GzFile file(path);
  std::uint8_t magic[4];
  file.read_exactly(magic, sizeof magic, "header");
  if (magic[0] != 0 || magic[1] != 0) fail(path, "not an IDX file (its first two bytes are not zero)");
  if (magic[2] != 0x08) {
    char type[8];
    std::snprintf(type, sizeof type, "0x%02x", magic[2]);
    fail(path, std::string("IDX values of type ") + type + " are not unsigned bytes (0x08)");
  }
  if (magic[3] == 0) fail(path, "IDX file with no dimensions");

  IdxArray array;
  std::uint64_t count = 1;
  for (unsigned i = 0; i < magic[3]; ++i) {
    std::uint8_t be[4];
    file.read_exactly(be, sizeof be, "header");
    const std::uint32_t n = (std::uint32_t{be[0]} << 24) | (std::uint32_t{be[1]} << 16) |
                            (std::uint32_t{be[2]} << 8) | std::uint32_t{be[3]};
    array.dimensions.push_back(i == 0 ? static_cast<std::uint32_t>(std::min<std::uint64_t>(n, max_items)) : n);
    count *= array.dimensions.back();
    if (count > (std::uint64_t{1} << 34)) fail(path, "IDX header claims more than 16 GiB of values");
  }
  array.values.resize(static_cast<std::size_t>(count));
  file.read_exactly(array.values.data(), array.values.size(), "values");
  std::uint8_t extra;
  if (max_items == UINT64_MAX && file.read(&extra, 1) != 0) fail(path, "longer than its IDX header says (" + std::to_string(count) + " values)");
  return array;
}

}  // namespace taps::fedlearn
