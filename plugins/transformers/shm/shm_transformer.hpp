// shm_transformer.hpp — payloads in POSIX shared memory, for runs on one
// machine: one segment per object, mapped (not copied) by whoever resolves
// it.
#pragma once

#include "common/background_drops.hpp"
#include "common/object_names.hpp"
#include "common/run_scope.hpp"

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <array>

namespace taps::shm {

/// The client and its workers each create one. transform() copies the
/// payload once, into a new segment; resolve() maps the segment privately
/// (the receiver reads the shared pages in place) and release unmaps it.
/// Segments are named per run (segment_names.hpp). The client owns them:
/// it unlinks a segment soon after the engine drops its identifier (in the
/// background: freeing the pages takes time, see background_drops.hpp) and
/// every remaining one of the run at shutdown, and on start removes those
/// of runs whose client crashed (run_segments.hpp).
class ShmTransformer {
 public:
  static constexpr PluginInfo info{"shm", "1.0.0",
                                   "Moves payloads through POSIX shared memory on one machine; receivers map them "
                                   "instead of copying."};
  static constexpr std::array<taps_option_desc, 0> options{};
  static constexpr const char* identifier_type = "taps.shm-id";

  ShmTransformer(Host host, const Config& config);
  ~ShmTransformer();
  ShmTransformer(const ShmTransformer&) = delete;
  ShmTransformer& operator=(const ShmTransformer&) = delete;

  taps_buffer transform(const taps_payload_view& object);
  taps_buffer resolve(const taps_payload_view& identifier);
  void drop(const taps_payload_view& identifier);

 private:
  /// The identifier's segment name, checked to belong to this run.
  std::string segment_of(const taps_payload_view& identifier, std::uint64_t* size, std::string* type) const;
  void write_owner_marker();

  Host host_;
  transformers::RunScope scope_;
  transformers::ObjectNames names_;
  transformers::BackgroundDrops drops_;
};

}  // namespace taps::shm
