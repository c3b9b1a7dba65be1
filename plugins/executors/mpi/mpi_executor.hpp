// mpi_executor.hpp — the `mpi` executor: tasks run on the ranks of an MPI
// job, the counterpart of mpi4py's MPIPoolExecutor.
//
// Rank 0 is taps-host, the client: it runs the app and ships encoded tasks
// to the other ranks, which run the generic worker with this executor's
// worker loop. Two ways to get those ranks:
//
//   mpirun -np 3 taps-host run --app ... --engine.executor mpi
//       every rank starts taps-host; ranks > 0 become workers of rank 0's run
//   taps-host run --app ... --engine.executor mpi --engine.executor.workers 2
//       a plain taps-host spawns `workers` ranks with MPI_Comm_spawn
//
// MPI cannot survive a lost rank: when one dies, its tasks fail with
// MpiRankLost, new tasks are refused, and the run ends without waiting for
// MPI (no MPI_Finalize), so nothing hangs.
#pragma once

#include "client.hpp"

#include <taps/plugin.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace taps::mpi {

class MpiExecutor {
 public:
  static constexpr PluginInfo info{"mpi", "0.1.0",
                                   "Tasks run on the ranks of an MPI job (Open MPI): started by mpirun, or "
                                   "spawned with MPI_Comm_spawn."};
  static constexpr taps_option_desc options[] = {
      option::integer("workers",
                      "Worker ranks to spawn when taps-host was not started by mpirun; under mpirun the launch's "
                      "other ranks are the workers (0 or their number).")
          .defaults("0")
          .min(0)
          .max(1024),  // a typo must not spawn ranks until the machine gives out
      option::string("hostfile",
                     "Open MPI hostfile naming the hosts to spawn worker ranks on; unset: this host. Ignored "
                     "under mpirun, whose own hostfile places the ranks."),
      option::boolean("oversubscribe", "Spawn more worker ranks than the hosts have cores.").defaults("true"),
      option::integer("window", "Tasks sent ahead to each worker rank, so that it never waits for its next task.")
          .defaults("32")
          .min(1)
          .max(65536),
      option::real("start_timeout", "Seconds to wait for every worker rank to start and join the run.")
          .defaults("60")
          .min(0.1)
          .unit("s"),
      option::real("stop_timeout",
                   "Seconds to wait at shutdown for the worker ranks to stop, before leaving MPI without "
                   "MPI_Finalize.")
          .defaults("10")
          .min(0)
          .unit("s"),
  };

  MpiExecutor(Host host, const Config& config);
  ~MpiExecutor();
  void submit(taps_task* task);
  void shutdown(bool wait, bool cancel_pending);
  /// None: a lost rank ends the whole MPI job, tasks are not isolated.
  std::uint32_t traits() const { return 0; }

  /// The worker side: `--spawned` (started by MPI_Comm_spawn) or
  /// `--launched-rank R` (a rank of mpirun's launch, from taps-host run).
  static void worker_main(Host host, const Config& config, std::vector<std::string> args);

 private:
  std::shared_ptr<Client> client_;
  bool shut_down_ = false;
};

}  // namespace taps::mpi
