// plugin.cpp — the library's entry symbol.
#include "wfformat_logger.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::logger<taps::wfformat::WfFormatLogger>)
