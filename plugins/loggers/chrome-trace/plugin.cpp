// plugin.cpp — the library's entry symbol.
#include "trace_logger.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::logger<taps::chrome_trace::TraceLogger>)
