#!/usr/bin/env python3
"""No-op task throughput of taps executors beside Python's, in one run.

The TaPS paper's scaling method (synthetic bag of tasks, task_sleep=0,
task_data_bytes=0): the client keeps k tasks in flight and submits one new
task per observed completion; throughput = tasks / makespan, as the synthetic
app measures it (first submission to last completion, warm-up excluded).

For each executor, worker count and k (= workers, and = 64 unless told
otherwise) this runs `taps-host run --app synthetic` with records on (the
jsonl logger writes every task to tasks.jsonl) and reads the app's
synthetic.json. In the same run it calls ../shared/anchors/py_throughput.py
(ThreadPoolExecutor, ProcessPoolExecutor with k = workers) and prints ratios
against them. Medians over --repeat runs. Standard library only.

Executors backed by a distributed engine (DISTRIBUTED below: workqueue, dask)
start their workers on this machine (the worker count) and run
--distributed-tasks tasks, bag and chain alike: a task costs milliseconds.

With `dask` among the executors, the same run measures plain dask.distributed
(bench/dask_peer.py: no-op Python functions on a LocalCluster of the same
size, the same k, warm-up and chain) and prints dask's share of it.

    bench/throughput.py                              # the issue's configuration
    bench/throughput.py --tasks 20000 --repeat 1     # quicker
    bench/throughput.py --executors thread-pool,process-pool,mpi,mpi@mpirun

An executor written NAME@mpirun runs under `mpirun -np WORKERS+1` (rank 0
is the client, the other ranks its workers); plain `mpi` spawns its worker
ranks itself. MPI runs keep Open MPI's TCP traffic on loopback.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Executors backed by a distributed engine: every task starts a process on a
# worker (milliseconds, not microseconds), so they run --distributed-tasks
# tasks; each entry gives the options that start `workers` workers here.
DISTRIBUTED = {
    'workqueue': lambda workers: ['--engine.executor.local-workers', str(workers), '--engine.executor.port', '0'],
    'dask': lambda workers: ['--engine.executor.workers', str(workers)],
}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--tasks', type=int, default=100_000, help='tasks per run (default 100000)')
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--in-flight', default='workers,64', help="comma list of k: numbers or 'workers'")
    p.add_argument('--executors', default='thread-pool,tbb,process-pool', help='comma list of taps executors')
    p.add_argument('--sequential-tasks', type=int, default=20_000,
                   help='tasks in the sequential chain that measures round-trip latency (0: skip)')
    p.add_argument('--distributed-tasks', type=int, default=2_000,
                   help=f'tasks per run, bag and chain, for {", ".join(DISTRIBUTED)} (default 2000)')
    p.add_argument('--repeat', type=int, default=3, help='runs per configuration; the median is reported')
    p.add_argument('--python', default='thread,process', help="Python peers to run ('' for none)")
    p.add_argument('--python-tasks', type=int, default=None, help='tasks per Python run (default: --tasks)')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    p.add_argument('--anchors', default=str(ROOT.parent / 'shared' / 'anchors'))
    p.add_argument('--csv', default=None, help='also write the result rows to this CSV file')
    return p.parse_args()


def loadavg() -> str:
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def launch(executor: str, workers: int) -> tuple[list[str], str, dict[str, str]]:
    """The launcher prefix, the executor's name and the environment for one run."""
    name, _, launcher = executor.partition('@')
    if launcher not in ('', 'mpirun'):
        sys.exit(f'unknown launcher {launcher!r} in {executor!r} (known: mpirun)')
    prefix = ['mpirun', '--oversubscribe', '-np', str(workers + 1)] if launcher else []
    env = dict(os.environ)
    if name == 'mpi':
        env.update(OMPI_ALLOW_RUN_AS_ROOT='1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM='1',
                   OMPI_MCA_btl_tcp_if_include='lo', OMPI_MCA_oob_tcp_if_include='lo')
    return prefix, name, env


def run_taps(args: argparse.Namespace, executor: str, workers: int, k: int, scratch: pathlib.Path,
             structure: str = 'bag', tasks: int | None = None) -> float:
    """One taps-host run; returns tasks/s from the app's own measurement."""
    tasks = tasks or (args.distributed_tasks if executor in DISTRIBUTED else args.tasks)
    workers_args = (DISTRIBUTED[executor](workers) if executor in DISTRIBUTED
                    else ['--engine.executor.workers', str(workers)])
    out_dir = scratch / f'{executor}-{workers}-{k}-{structure}'
    warmup = max(2 * k, 100)
    prefix, name, env = launch(executor, workers)
    cmd = prefix + [
        args.host, '--plugin-path', args.plugin_path, 'run',
        '--app', 'synthetic', '--app.structure', structure, '--app.task-count', str(tasks),
        '--app.bag-max-running', str(k), '--app.warmup-tasks', str(warmup),
        '--engine.executor', name, *workers_args,
        '--logging.level', 'WARNING', '--run.dir-format', str(out_dir) + '/{timestamp}',
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f'taps-host failed ({proc.returncode}): {" ".join(cmd)}\n{proc.stderr}')
    results = sorted(out_dir.glob('*/synthetic.json'))
    if not results:
        sys.exit(f'no synthetic.json under {out_dir}')
    data = json.loads(results[-1].read_text())
    records = sum(1 for _ in (results[-1].parent / 'tasks.jsonl').open())
    expected = tasks + warmup
    if records != expected:
        sys.exit(f'{results[-1].parent}/tasks.jsonl has {records} records, expected {expected}')
    shutil.rmtree(out_dir)
    return float(data['tasks_per_s'])


def run_python(args: argparse.Namespace, workers: list[int]) -> dict[tuple[str, int], float]:
    if not args.python:
        return {}
    script = pathlib.Path(args.anchors) / 'py_throughput.py'
    if not script.exists():
        print(f'# Python anchors not found at {script}; skipping them', file=sys.stderr)
        return {}
    tasks = args.python_tasks or args.tasks
    cmd = ['/usr/bin/python3', str(script), '--tasks', str(tasks), '--executors', args.python,
           '--workers', ','.join(map(str, workers)), '--repeat', str(args.repeat)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f'# Python anchors failed: {proc.stderr.strip()[-500:]}', file=sys.stderr)
        return {}
    rates = {}
    for row in csv.DictReader(io.StringIO(proc.stdout)):
        rates[(row['executor'], int(row['workers']))] = float(row['tasks_per_s'])
    return rates


def run_plain_dask(args: argparse.Namespace, workers: int, ks: list[int],
                   chain: int) -> dict[tuple[str, str, int], float]:
    """Plain dask.distributed (bench/dask_peer.py) on `workers` workers:
    {(api, 'bag', k): tasks/s, (api, 'sequential', 1): tasks/s}, medians,
    for api 'blocking' and 'async'."""
    cmd = ['/usr/bin/python3', str(ROOT / 'bench' / 'dask_peer.py'), '--workers', str(workers),
           '--in-flight', ','.join(map(str, ks)), '--tasks', str(args.distributed_tasks),
           '--sequential-tasks', str(chain), '--repeat', str(args.repeat)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'plain Dask failed ({proc.returncode}): {" ".join(cmd)}\n{proc.stderr[-2000:]}')
    rates: dict[tuple[str, str, int], list[float]] = {}
    for row in csv.DictReader(io.StringIO(proc.stdout)):
        rates.setdefault((row['api'], row['kind'], int(row['in_flight'])), []).append(float(row['tasks_per_s']))
    return {key: statistics.median(values) for key, values in rates.items()}


def plain_dask(args: argparse.Namespace, workers: list[int], rows: list[dict], latency: dict[str, float],
               chain: int) -> None:
    """Plain Dask (both client APIs) beside the dask executor's rows just
    measured; the executor's share is of the faster API."""
    for w in workers:
        ks = sorted({w if k == 'workers' else int(k) for k in args.in_flight.split(',')})
        plain = run_plain_dask(args, w, ks, chain if w == workers[0] else 0)
        for k in ks:
            ours = next(r['tasks_per_s'] for r in rows if r['executor'] == 'dask' and r['workers'] == w
                        and r['in_flight'] == k)
            best = max(plain[(api, 'bag', k)] for api in ('blocking', 'async'))
            for api in ('blocking', 'async'):
                rate = plain[(api, 'bag', k)]
                rows.append({'executor': f'plain-dask-{api}', 'workers': w, 'in_flight': k, 'tasks_per_s': rate})
                print(f'#   {"plain-dask-" + api:20s} workers={w} in_flight={k:<3d} {rate:12,.0f} tasks/s', flush=True)
            print(f'#   dask executor / best plain Dask, workers={w} in_flight={k}: {ours / best:.2f}x', flush=True)
        for api in ('blocking', 'async'):
            if (api, 'sequential', 1) in plain:
                latency[f'plain-dask-{api}'] = 1e6 / plain[(api, 'sequential', 1)]
                print(f'#   {"plain-dask-" + api:20s} sequential chain: {latency["plain-dask-" + api]:8.1f} us per '
                      f'task round trip', flush=True)


def main() -> None:
    args = parse_args()
    workers = [int(w) for w in args.workers.split(',')]
    executors = [e for e in args.executors.split(',') if e]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, {args.tasks} tasks, '
          f'median of {args.repeat}')
    rows = []
    latency: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix='taps-bench-') as tmp:
        scratch = pathlib.Path(tmp)
        for executor in executors:
            for w in workers:
                ks = sorted({w if k == 'workers' else int(k) for k in args.in_flight.split(',')})
                for k in ks:
                    rate = statistics.median(run_taps(args, executor, w, k, scratch) for _ in range(args.repeat))
                    rows.append({'executor': executor, 'workers': w, 'in_flight': k, 'tasks_per_s': rate})
                    print(f'#   {executor:12s} workers={w} in_flight={k:<3d} {rate:12,.0f} tasks/s', flush=True)
            chain = min(args.sequential_tasks, args.distributed_tasks) if executor in DISTRIBUTED \
                else args.sequential_tasks
            if chain:
                rate = statistics.median(run_taps(args, executor, 1, 1, scratch, 'sequential', chain)
                                         for _ in range(args.repeat))
                latency[executor] = 1e6 / rate
                print(f'#   {executor:12s} sequential chain: {1e6 / rate:8.1f} us per task round trip', flush=True)
            if executor == 'dask':
                plain_dask(args, workers, rows, latency, chain)
    python = run_python(args, workers)
    for (name, w), rate in sorted(python.items()):
        rows.append({'executor': f'python-{name}', 'workers': w, 'in_flight': w, 'tasks_per_s': rate})

    header = ['executor', 'workers', 'in_flight', 'tasks_per_s'] + [f'x_python_{p}' for p in sorted({n for n, _ in python})]
    out = csv.writer(sys.stdout)
    out.writerow(header)
    for row in rows:
        ratios = [f'{row["tasks_per_s"] / python[(p, row["workers"])]:.1f}' if (p, row['workers']) in python else ''
                  for p in sorted({n for n, _ in python})]
        out.writerow([row['executor'], row['workers'], row['in_flight'], f'{row["tasks_per_s"]:.0f}'] + ratios)
    for executor, us in latency.items():
        print(f'# sequential round trip, {executor}: {us:.1f} us')
    print(f'# load after: {loadavg()}')
    if args.csv:
        with open(args.csv, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['executor', 'workers', 'in_flight', 'tasks_per_s'])
            for row in rows:
                w.writerow([row['executor'], row['workers'], row['in_flight'], f'{row["tasks_per_s"]:.0f}'])


if __name__ == '__main__':
    main()
