// plugin.cpp — the library's entry symbol.
#include "failures_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::failures::FailuresApp>)
