// plugin.cpp — the library's entry symbol.
#include "shm_transformer.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::transformer<taps::shm::ShmTransformer>)
