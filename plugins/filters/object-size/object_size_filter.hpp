// object_size_filter.hpp — transforms payloads whose size lies in a range.
#pragma once

#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstdint>
#include <string_view>

namespace taps::filters {

/// Selects a payload when min_size <= size <= max_size (both inclusive, as
/// in the reference). The size is the encoded payload's: what a transformer
/// would store (for a byte vector, its length plus an 8-byte length field).
class ObjectSizeFilter {
 public:
  static constexpr PluginInfo info{"object-size", "1.0.0",
                                   "Transforms payloads whose size is within [min_size, max_size]."};
  static constexpr taps_option_desc options[] = {
      option::integer("min_size", "Smallest payload transformed (inclusive).").defaults("0").min(0).unit("bytes"),
      option::integer("max_size", "Largest payload transformed (inclusive); unset: no limit.").min(0).unit("bytes"),
  };

  ObjectSizeFilter(Host host, const Config& config);
  bool accepts(std::string_view, std::uint64_t size) const { return min_size_ <= size && size <= max_size_; }

 private:
  std::uint64_t min_size_;
  std::uint64_t max_size_;
};

}  // namespace taps::filters
