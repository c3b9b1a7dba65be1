// plugin.cpp — the library's entry symbol.
#include "moldesign_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::moldesign::MoldesignApp>)
