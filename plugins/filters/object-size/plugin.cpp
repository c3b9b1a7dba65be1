// plugin.cpp — the library's entry symbol.
#include "object_size_filter.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::filter<taps::filters::ObjectSizeFilter>)
