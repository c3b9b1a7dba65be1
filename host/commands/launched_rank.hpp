// launched_rank.hpp — `taps-host run` started as one rank of a parallel
// launch (mpirun, srun), which starts the same command on every rank.
#pragma once

#include "commands/command.hpp"

namespace taps::host {

/// `run`, as every rank of a launch calls it. Rank 0, and a taps-host that no
/// launcher started, runs the app (run_command). Any other rank becomes a
/// worker of rank 0's run instead: it resolves the same command line to find
/// the executor and hands control to the executor's worker side with
/// `--launched-rank R` and no run attached; the executor learns the run from
/// rank 0 (taps.h: worker_main, taps_worker_host.attach_run). An executor
/// without a worker side is a configuration error on those ranks.
int run_or_serve_rank(const CommandContext& context);

}  // namespace taps::host
