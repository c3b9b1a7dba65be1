// plugin.cpp — the library's entry symbol.
#include "object_type_filter.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::filter<taps::filters::ObjectTypeFilter>)
