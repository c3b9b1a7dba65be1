// plugin.cpp — the library's entry symbol.
#include "mapreduce_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::mapreduce::MapreduceApp>)
