#include "dask_executor.hpp"

TAPS_PLUGINS(taps::executor<taps::dask::DaskExecutor>)
