#!/usr/bin/python3
"""Plain dask.distributed on the same cluster shape as taps' dask executor.

A LocalCluster of W single-thread worker processes; no-op Python functions
submitted the way the synthetic app submits its bag (k in flight, one new
task per completion, after a warm-up of max(2k, 100) tasks), and a
sequential chain (each task submitted when the previous one's result is
back). Both client APIs are measured: the blocking one (Client, as_completed;
what TaPS-style Python code uses) and the asyncio one (what taps' bridge
uses), so that the dask executor is compared with Dask's best.
Prints CSV rows: api,kind,workers,in_flight,tasks,seconds,tasks_per_s.
Run by bench/throughput.py beside the taps executors.
"""
import argparse
import asyncio
import csv
import sys
import time


def noop():
    return None


def bag_blocking(client, tasks, k):
    from distributed import as_completed

    start = time.perf_counter()
    submitted = min(k, tasks)
    pending = as_completed([client.submit(noop, pure=False) for _ in range(submitted)])
    for future in pending:
        future.result()
        if submitted < tasks:
            pending.add(client.submit(noop, pure=False))
            submitted += 1
    return time.perf_counter() - start


def chain_blocking(client, tasks):
    start = time.perf_counter()
    for _ in range(tasks):
        client.submit(noop, pure=False).result()
    return time.perf_counter() - start


async def bag_async(client, tasks, k):
    from distributed import as_completed

    start = time.perf_counter()
    submitted = min(k, tasks)
    pending = as_completed([client.submit(noop, pure=False) for _ in range(submitted)])
    async for future in pending:
        await future
        if submitted < tasks:
            pending.add(client.submit(noop, pure=False))
            submitted += 1
    return time.perf_counter() - start


async def chain_async(client, tasks):
    start = time.perf_counter()
    for _ in range(tasks):
        await client.submit(noop, pure=False)
    return time.perf_counter() - start


def row(out, api, kind, workers, k, tasks, seconds):
    out.writerow([api, kind, workers, k, tasks, f'{seconds:.4f}', f'{tasks / seconds:.1f}'])
    sys.stdout.flush()


async def measure_async(args, ks, address, out):
    from distributed import Client

    async with Client(address, asynchronous=True) as client:
        for k in ks:
            for _ in range(args.repeat):
                await bag_async(client, max(2 * k, 100), k)
                row(out, 'async', 'bag', args.workers, k, args.tasks, await bag_async(client, args.tasks, k))
        if args.sequential_tasks:
            for _ in range(args.repeat):
                await chain_async(client, 100)
                row(out, 'async', 'sequential', args.workers, 1, args.sequential_tasks,
                    await chain_async(client, args.sequential_tasks))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--workers', type=int, required=True)
    p.add_argument('--in-flight', default='2,64', help='comma list of k')
    p.add_argument('--tasks', type=int, default=2000)
    p.add_argument('--sequential-tasks', type=int, default=500, help='0: no chain')
    p.add_argument('--repeat', type=int, default=3)
    args = p.parse_args()
    ks = [int(k) for k in args.in_flight.split(',')]

    import dask
    from distributed import Client, LocalCluster

    dask.config.set({'distributed.scheduler.allowed-failures': 0})
    out = csv.writer(sys.stdout)
    out.writerow(['api', 'kind', 'workers', 'in_flight', 'tasks', 'seconds', 'tasks_per_s'])
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host='127.0.0.1',
                      dashboard_address=None) as cluster:
        with Client(cluster) as client:
            for k in ks:
                for _ in range(args.repeat):
                    bag_blocking(client, max(2 * k, 100), k)
                    row(out, 'blocking', 'bag', args.workers, k, args.tasks, bag_blocking(client, args.tasks, k))
            if args.sequential_tasks:
                for _ in range(args.repeat):
                    chain_blocking(client, 100)
                    row(out, 'blocking', 'sequential', args.workers, 1, args.sequential_tasks,
                        chain_blocking(client, args.sequential_tasks))
        asyncio.run(measure_async(args, ks, cluster.scheduler_address, out))


if __name__ == '__main__':
    main()
