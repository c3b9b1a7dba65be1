// never_filter.cpp — the filter that keeps every payload in band: with a
// transformer configured, nothing is transformed. A baseline that isolates
// the cost of having a transformer loaded from the cost of using it.
#include <taps/config.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace taps::filters {

class NeverFilter {
 public:
  static constexpr PluginInfo info{"never", "1.0.0", "Transforms no payload: every argument and result stays in band."};
  static constexpr std::array<taps_option_desc, 0> options{};

  NeverFilter(Host, const Config&) {}
  bool accepts(std::string_view, std::uint64_t) const { return false; }
};

}  // namespace taps::filters

TAPS_PLUGINS(taps::filter<taps::filters::NeverFilter>)
