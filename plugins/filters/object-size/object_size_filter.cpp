#include "object_size_filter.hpp"

#include <taps/error.hpp>

#include <limits>
#include <string>

namespace taps::filters {

ObjectSizeFilter::ObjectSizeFilter(Host, const Config& config)
    : min_size_(static_cast<std::uint64_t>(config.get_int("min_size"))),
      max_size_(config.has("max_size") ? static_cast<std::uint64_t>(config.get_int("max_size"))
                                       : std::numeric_limits<std::uint64_t>::max()) {
  if (min_size_ > max_size_) {
    throw Error("ConfigError",
                "min_size (" + std::to_string(min_size_) + " bytes) is larger than max_size (" +
                    std::to_string(max_size_) + " bytes): no payload could ever be transformed",
                TAPS_INVALID_ARGUMENT);
  }
}

}  // namespace taps::filters
