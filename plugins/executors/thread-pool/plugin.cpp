// plugin.cpp — the library's entry symbol.
#include "thread_pool.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::executor<taps::thread_pool::ThreadPool>)
