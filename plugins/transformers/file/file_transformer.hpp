// file_transformer.hpp — payloads as files in a directory that the client
// and its workers share (a parallel or network file system across nodes).
#pragma once

#include "common/background_drops.hpp"
#include "common/object_names.hpp"
#include "common/run_scope.hpp"

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>
#include <taps/taps.h>

#include <filesystem>

namespace taps::file {

/// Each run writes into a directory of its own, FILE_DIR/taps-<run id>,
/// which the client and its workers compute alike from the run directory.
/// transform() writes one file per payload; the identifier holds the file's
/// name (not its full path, so nodes may mount the shared directory at
/// different places as long as file_dir says where), its size and type
/// tag; resolve() checks the size and maps the file. The client deletes a
/// file soon after the engine drops its identifier (in the background, see
/// background_drops.hpp) and the run's directory at shutdown, unless `keep`
/// is set.
class FileTransformer {
 public:
  static constexpr PluginInfo info{"file", "1.0.0",
                                   "Moves payloads through files in a directory shared by the client and workers."};
  static constexpr taps_option_desc options[] = {
      option::string("file_dir",
                     "Directory for the payload files, shared by every node of the run; each run writes into "
                     "a subdirectory taps-<run id>. Empty: the run directory.")
          .defaults(""),
      option::boolean("keep", "Keep the payload files after the run (no deletion on drop or at shutdown).")
          .defaults("false"),
  };
  static constexpr const char* identifier_type = "taps.file-id";

  FileTransformer(Host host, const Config& config);
  ~FileTransformer();
  FileTransformer(const FileTransformer&) = delete;
  FileTransformer& operator=(const FileTransformer&) = delete;

  taps_buffer transform(const taps_payload_view& object);
  taps_buffer resolve(const taps_payload_view& identifier);
  void drop(const taps_payload_view& identifier);

  /// Where this run's files go.
  const std::filesystem::path& directory() const { return directory_; }

 private:
  /// The identifier's file, checked to be a plain name inside this run's directory.
  std::filesystem::path file_of(const taps_payload_view& identifier, std::uint64_t* size, std::string* type) const;

  Host host_;
  transformers::RunScope scope_;
  transformers::ObjectNames names_;
  std::filesystem::path directory_;
  bool keep_;
  transformers::BackgroundDrops drops_;
};

}  // namespace taps::file
