// plugin.cpp — the library's entry symbol.
#include "montage_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::montage::MontageApp>)
