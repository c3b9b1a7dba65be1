// mapped_object.hpp — handing out a stored object by mapping it instead of
// copying it: the receiver reads the file's pages in place.
#pragma once

#include <taps/error.hpp>
#include <taps/taps.h>

#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace taps::transformers {

/// Maps `size` bytes of the open file `fd` and hands them over as a
/// taps_buffer of type `type`; release() unmaps. The mapping is private and
/// writable: a receiver that writes into its payload gets its own copy of
/// the pages it touches (copy-on-write) and never changes the stored
/// object; one that only reads copies nothing. `what` names the object in
/// errors.
inline taps_buffer map_object(int fd, std::uint64_t size, std::string type, const std::string& what) {
  struct Mapping {
    void* address;
    std::size_t length;
    std::string type;
  };
  auto* mapping = new Mapping{nullptr, static_cast<std::size_t>(size), std::move(type)};
  if (size != 0) {
    mapping->address = mmap(nullptr, mapping->length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (mapping->address == MAP_FAILED) {
      const int error = errno;
      delete mapping;
      throw Error("ResolveError", "cannot map " + what + ": " + std::strerror(error));
    }
  }
  return taps_buffer{sizeof(taps_buffer), mapping->type.c_str(), static_cast<std::uint8_t*>(mapping->address),
                     size, mapping, [](void* owner) {
                       auto* m = static_cast<Mapping*>(owner);
                       if (m->address != nullptr) munmap(m->address, m->length);
                       delete m;
                     }};
}

}  // namespace taps::transformers
