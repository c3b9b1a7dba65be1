// plugin.cpp — the library's entry symbol.
#include "jsonl_logger.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::logger<taps::jsonl::JsonlLogger>)
