// plugin.cpp — the library's entry symbol.
#include "redis_transformer.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::transformer<taps::redis::RedisTransformer>)
