// plugin.cpp — the library's entry symbol.
#include "docking_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::docking::DockingApp>)
