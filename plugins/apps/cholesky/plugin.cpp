// plugin.cpp — the library's entry symbol.
#include "cholesky_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::cholesky::CholeskyApp>)
