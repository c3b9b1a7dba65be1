#include "shm_transformer.hpp"

#include "common/file_descriptor.hpp"
#include "common/mapped_object.hpp"
#include "common/object_id.hpp"
#include "owner_marker.hpp"
#include "run_segments.hpp"
#include "segment_names.hpp"

#include <taps/error.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace taps::shm {

namespace {

constexpr const char* kind = "shm";

std::string errno_text(int error) { return std::strerror(error); }

}  // namespace

ShmTransformer::ShmTransformer(Host host, const Config&)
    : host_(host), scope_(transformers::RunScope::of(host)), drops_([](const std::vector<std::string>& names) {
        for (const auto& name : names) shm_unlink(name.c_str());
      }) {
  if (!scope_.owner) return;
  for (const auto& run : remove_abandoned_runs(scope_.id)) {
    host_.warning("removed " + std::to_string(run.segments) + " shared-memory segments of run " + run.run_id +
                  ": " + run.reason);
  }
  write_owner_marker();
}

ShmTransformer::~ShmTransformer() {
  drops_.stop();
  if (!scope_.owner) return;
  const std::size_t removed = remove_run_segments(scope_.id);
  host_.debug("unlinked " + std::to_string(removed) + " shared-memory segments of run " + scope_.id);
}

void ShmTransformer::write_owner_marker() {
  const std::string name = owner_segment(scope_.id);
  transformers::FileDescriptor fd(shm_open(name.c_str(), O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0600));
  if (!fd) {
    throw Error("ShmError", "cannot create the shared-memory segment " + name + ": " + errno_text(errno) +
                                   " (is /dev/shm mounted and writable?)");
  }
  const std::string text = marker_text(this_process_as_owner(scope_.run_dir));
  if (int error = transformers::write_all(fd.get(), reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
      error != 0) {
    shm_unlink(name.c_str());
    throw Error("ShmError", "cannot write the shared-memory segment " + name + ": " + errno_text(error));
  }
}

taps_buffer ShmTransformer::transform(const taps_payload_view& object) {
  std::string name;
  transformers::FileDescriptor fd;
  // Names are unique per instance; O_EXCL only guards against a stale
  // segment of the same name.
  for (int attempt = 0; !fd; ++attempt) {
    name = object_segment(scope_.id, names_.next());
    fd = transformers::FileDescriptor(shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600));
    if (!fd && (errno != EEXIST || attempt == 3)) {
      throw Error("TransformError", "cannot create shared-memory segment " + name + ": " + errno_text(errno));
    }
  }
  // write() rather than mmap + memcpy: one copy either way, but a full
  // /dev/shm is an error code here instead of a SIGBUS.
  if (int error = transformers::write_all(fd.get(), object.data, object.size); error != 0) {
    shm_unlink(name.c_str());
    throw Error("TransformError", "cannot write " + std::to_string(object.size) + " bytes to shared-memory segment " +
                                      name + ": " + errno_text(error) +
                                      (error == ENOSPC ? " (/dev/shm is full; see df -h /dev/shm)" : ""));
  }
  const transformers::ObjectId id{name, object.size, object.type != nullptr ? object.type : ""};
  return make_buffer(transformers::encode_object_id(kind, id), identifier_type);
}

std::string ShmTransformer::segment_of(const taps_payload_view& identifier, std::uint64_t* size,
                                       std::string* type) const {
  transformers::ObjectId id = transformers::decode_object_id(kind, identifier_type, identifier);
  const std::string own = "/" + run_prefix(scope_.id);
  if (id.location.compare(0, own.size(), own) != 0 || id.location.find('/', 1) != std::string::npos) {
    throw Error("IdentifierError", "the shm identifier names segment " + id.location +
                                       ", which is not one of this run's (they start with " + own + ")");
  }
  if (size != nullptr) *size = id.size;
  if (type != nullptr) *type = std::move(id.type);
  return std::move(id.location);
}

taps_buffer ShmTransformer::resolve(const taps_payload_view& identifier) {
  std::uint64_t size = 0;
  std::string type;
  const std::string name = segment_of(identifier, &size, &type);
  transformers::FileDescriptor fd(shm_open(name.c_str(), O_RDONLY | O_CLOEXEC, 0));
  if (!fd) {
    if (errno == ENOENT) {
      throw Error("MissingObjectError",
                  "shm segment " + name + " does not exist (already dropped, or created by another run?)");
    }
    throw Error("ResolveError", "cannot open shm segment " + name + ": " + errno_text(errno));
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw Error("ResolveError", "cannot stat shm segment " + name + ": " + errno_text(errno));
  if (static_cast<std::uint64_t>(st.st_size) != size) {
    throw Error("CorruptObjectError", "shm segment " + name + " holds " + std::to_string(st.st_size) +
                                          " bytes, but its identifier says " + std::to_string(size));
  }
  return transformers::map_object(fd.get(), size, std::move(type), "shm segment " + name);
}

void ShmTransformer::drop(const taps_payload_view& identifier) {
  // Unlinking leaves mappings already handed out intact.
  drops_.drop(segment_of(identifier, nullptr, nullptr));
}

}  // namespace taps::shm
