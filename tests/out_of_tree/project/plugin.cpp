// plugin.cpp — the library's one exported symbol, listing its plugins.
#include "points_app.hpp"
#include "serial_executor.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<PointsApp>, taps::executor<SerialExecutor>)
