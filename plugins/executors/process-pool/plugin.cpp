#include "process_pool.hpp"

TAPS_PLUGINS(taps::executor<taps::process_pool::ProcessPool>)
