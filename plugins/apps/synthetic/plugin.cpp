// plugin.cpp — the library's entry symbol.
#include "synthetic_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::synthetic::SyntheticApp>)
