#include "file_transformer.hpp"

#include "common/file_descriptor.hpp"
#include "common/mapped_object.hpp"
#include "common/object_id.hpp"

#include <taps/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace taps::file {

namespace fs = std::filesystem;

namespace {

constexpr const char* kind = "file";

std::string errno_text(int error) { return std::strerror(error); }

fs::path base_directory(const Config& config, const transformers::RunScope& scope) {
  const std::string& dir = config.get_string("file_dir");
  if (!dir.empty()) return fs::absolute(dir);
  if (!scope.run_dir.empty()) return scope.run_dir;
  throw Error("ConfigError", "option 'file_dir' is empty and there is no run directory to default to: set file_dir",
              TAPS_INVALID_ARGUMENT);
}

}  // namespace

FileTransformer::FileTransformer(Host host, const Config& config)
    : host_(host),
      scope_(transformers::RunScope::of(host)),
      directory_(base_directory(config, scope_) / ("taps-" + scope_.id)),
      keep_(config.get_bool("keep")),
      drops_([](const std::vector<std::string>& paths) {
        for (const auto& path : paths) unlink(path.c_str());
      }) {
  // Workers create it too: an out-of-process executor starts them (and
  // they create their transformer) before the client creates its own.
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) {
    throw Error("FileError", "cannot create the payload directory " + directory_.string() + ": " + ec.message() +
                                 " (set engine.transformer.file_dir to a writable directory)");
  }
  if (access(directory_.c_str(), W_OK | X_OK) != 0) {
    throw Error("FileError", "the payload directory " + directory_.string() + " is not writable: " + errno_text(errno));
  }
}

FileTransformer::~FileTransformer() {
  drops_.stop();
  if (!scope_.owner) return;
  if (keep_) {
    host_.info("kept the payload files in " + directory_.string());
    return;
  }
  std::error_code ec;
  fs::remove_all(directory_, ec);
  if (ec) host_.warning("cannot remove the payload directory " + directory_.string() + ": " + ec.message());
}

taps_buffer FileTransformer::transform(const taps_payload_view& object) {
  std::string name;
  fs::path path;
  transformers::FileDescriptor fd;
  for (int attempt = 0; !fd; ++attempt) {
    name = names_.next();
    path = directory_ / name;
    fd = transformers::FileDescriptor(open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd && (errno != EEXIST || attempt == 3)) {
      throw Error("TransformError", "cannot create payload file " + path.string() + ": " + errno_text(errno));
    }
  }
  int error = transformers::write_all(fd.get(), object.data, object.size);
  // A network file system reports some write errors only at close.
  if (fd.reset() != 0 && error == 0) error = errno;
  if (error != 0) {
    unlink(path.c_str());
    throw Error("TransformError", "cannot write " + std::to_string(object.size) + " bytes to payload file " +
                                      path.string() + ": " + errno_text(error));
  }
  const transformers::ObjectId id{name, object.size, object.type != nullptr ? object.type : ""};
  return make_buffer(transformers::encode_object_id(kind, id), identifier_type);
}

fs::path FileTransformer::file_of(const taps_payload_view& identifier, std::uint64_t* size, std::string* type) const {
  transformers::ObjectId id = transformers::decode_object_id(kind, identifier_type, identifier);
  if (id.location.find('/') != std::string::npos || id.location == "." || id.location == "..") {
    throw Error("IdentifierError", "the file identifier names '" + id.location +
                                       "', which is not a file name inside the run's payload directory");
  }
  if (size != nullptr) *size = id.size;
  if (type != nullptr) *type = std::move(id.type);
  return directory_ / id.location;
}

taps_buffer FileTransformer::resolve(const taps_payload_view& identifier) {
  std::uint64_t size = 0;
  std::string type;
  const fs::path path = file_of(identifier, &size, &type);
  transformers::FileDescriptor fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) {
      throw Error("MissingObjectError",
                  "payload file " + path.string() + " does not exist (already dropped, or created by another run?)");
    }
    throw Error("ResolveError", "cannot open payload file " + path.string() + ": " + errno_text(errno));
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) {
    throw Error("ResolveError", "cannot stat payload file " + path.string() + ": " + errno_text(errno));
  }
  if (static_cast<std::uint64_t>(st.st_size) != size) {
    throw Error("CorruptObjectError", "payload file " + path.string() + " holds " + std::to_string(st.st_size) +
                                          " bytes, but its identifier says " + std::to_string(size));
  }
  return transformers::map_object(fd.get(), size, std::move(type), "payload file " + path.string());
}

void FileTransformer::drop(const taps_payload_view& identifier) {
  if (keep_) return;
  drops_.drop(file_of(identifier, nullptr, nullptr).string());
}

}  // namespace taps::file
