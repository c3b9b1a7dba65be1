// plugin.cpp — the library's entry symbol.
#include "fedlearn_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::fedlearn::FedlearnApp>)
