#include "config/reference_plugins.hpp"

#include "plugins/plugin_kind.hpp"
#include "plugins/option_key.hpp"

#include <fmt/format.h>

#include <array>

namespace taps::host {

namespace {

// Sources: the @register'ed configs of the reference's taps/executor,
// taps/transformer and taps/filter (and names earlier versions used).
constexpr std::array plugins{
    ReferencePlugin{TAPS_KIND_EXECUTOR, "parsl-local", "Parsl's HighThroughputExecutor on this machine",
                    "process-pool",
                    "worker processes on this machine; select it with --engine.executor process-pool and "
                    "--engine.executor.workers N (or name = \"process-pool\", workers = N in [engine.executor])"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "parsl", "Parsl", "process-pool",
                    "worker processes on this machine; select it with --engine.executor process-pool and "
                    "--engine.executor.workers N (or name = \"process-pool\", workers = N in [engine.executor])"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "parsl-htex", "Parsl's HighThroughputExecutor on batch-scheduler nodes",
                    "workqueue",
                    "pilot workers on any machine that reaches the manager; select it with --engine.executor "
                    "workqueue (see docs/distributed.md), or mpi for the ranks of an MPI job"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "taskvine", "cctools TaskVine", "workqueue",
                    "cctools Work Queue, TaskVine's predecessor, with the same manager and workers model and port "
                    "9123; select it with --engine.executor workqueue and --engine.executor.local-workers N"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "ray", "a Ray cluster", "dask",
                    "a Dask cluster, local or at a scheduler address; select it with --engine.executor dask "
                    "(scheduler_address = \"tcp://HOST:PORT\" for a running one)"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "globus", "a Globus Compute endpoint", "workqueue",
                    "remote workers that connect to this machine; select it with --engine.executor workqueue "
                    "(see docs/distributed.md)"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "globus-compute", "a Globus Compute endpoint", "workqueue",
                    "remote workers that connect to this machine; select it with --engine.executor workqueue "
                    "(see docs/distributed.md)"},
    ReferencePlugin{TAPS_KIND_EXECUTOR, "dragon", "HPE Dragon's multiprocessing", "process-pool",
                    "worker processes on this machine; select it with --engine.executor process-pool, or mpi for "
                    "several nodes"},
    ReferencePlugin{TAPS_KIND_TRANSFORMER, "proxystore", "ProxyStore proxies through a connector", "redis",
                    "payloads kept in a Redis server (ProxyStore's RedisConnector); select it with "
                    "--engine.transformer redis (host, port in [engine.transformer]), or shm for one machine, file "
                    "for a shared file system"},
    ReferencePlugin{TAPS_KIND_TRANSFORMER, "proxy", "ProxyStore proxies through a connector", "redis",
                    "payloads kept in a Redis server (ProxyStore's RedisConnector); select it with "
                    "--engine.transformer redis, or shm for one machine, file for a shared file system"},
    ReferencePlugin{TAPS_KIND_FILTER, "pickle-size", "the size of the pickled object", "object-size",
                    "the size of the serialized payload, which is what a task's argument or result is here; "
                    "select it with --engine.filter object-size (min_size, max_size in [engine.filter])"},
    ReferencePlugin{TAPS_KIND_FILTER, "all", "every object", "none",
                    "with no filter every payload goes through the transformer; select it with --engine.filter "
                    "none (or leave [engine.filter] out)"},
    ReferencePlugin{TAPS_KIND_FILTER, "null", "every object", "none",
                    "with no filter every payload goes through the transformer; select it with --engine.filter "
                    "none (or leave [engine.filter] out)"},
};

}  // namespace

std::span<const ReferencePlugin> reference_plugins() { return plugins; }

std::optional<std::string> reference_plugin_advice(taps_plugin_kind kind, std::string_view name) {
  for (const auto& plugin : plugins) {
    if (plugin.kind != kind || plugin.name != name) continue;
    return fmt::format("{} '{}' is the reference's ({}) and has no counterpart here; the closest is {}: {}",
                       kind_name(kind), name, plugin.what, plugin.closest, plugin.how);
  }
  return std::nullopt;
}

}  // namespace taps::host
