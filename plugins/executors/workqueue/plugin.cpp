#include "workqueue_executor.hpp"

TAPS_PLUGINS(taps::executor<taps::workqueue::WorkQueueExecutor>)
