#include "mpi_executor.hpp"

TAPS_PLUGINS(taps::executor<taps::mpi::MpiExecutor>)
