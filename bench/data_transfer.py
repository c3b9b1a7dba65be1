#!/usr/bin/env python3
"""Data-transfer cost of taps executors and transformers, beside Python's, in one run.

The TaPS paper's data-transfer figure: a synthetic bag of --tasks tasks with
--in-flight of them in flight, where each task gets a fresh input of b bytes
made on the client and returns a fresh output of b bytes made on the worker
(task_sleep = 0). For every executor x transformer x size this runs
`taps-host run --app synthetic` with records on and reads the app's own
measurements from synthetic.json:

  avg_task_time  = makespan / tasks (first submission to last completion):
                   the metric the paper plots as "Average Task Time";
  round trip     = per task, from just before submit (input made, its transform
                   included) to the client holding the resolved output; median.

Both taps and Python verify the output's size; taps also checks the data.
The Redis transformer gets a redis-server this script starts on a free loopback
port and stops; the file transformer writes under a temporary directory.

In the same run it calls ../shared/anchors/py_roundtrip.py (Python's
ProcessPoolExecutor with none/file/redis; that script keeps k = workers tasks
in flight) and prints the ratio at every size. Results: CSV (--csv) and a
plot (--plot, needs matplotlib: Debian's python3-matplotlib).

    bench/data_transfer.py                                  # the issue's configuration
    bench/data_transfer.py --sizes 1MB,10MB --python ''     # quicker, no Python
    bench/data_transfer.py --executors dask --transformers none --python '' \
        --merge docs/data_transfer.csv --csv docs/data_transfer.csv --plot docs/data_transfer.png
                                                            # add rows to an earlier run's figure

With --merge, the rows of an earlier CSV are kept except those this run
measures again (same impl, executor and transformer): a row added that way
was measured at another time than the rest, which the figure's title says.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import pathlib
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
UNITS = {'GB': 1000 ** 3, 'MB': 1000 ** 2, 'KB': 1000, 'B': 1}
FIELDS = ['impl', 'executor', 'transformer', 'workers', 'in_flight', 'bytes', 'tasks', 'seconds',
          'avg_task_time_ms', 'p50_rtt_ms']


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--sizes', default='10B,1KB,100KB,1MB,10MB', help='comma list (B/KB/MB, powers of 1000)')
    p.add_argument('--tasks', type=int, default=320)
    p.add_argument('--in-flight', type=int, default=32)
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--executors', default='thread-pool,process-pool')
    p.add_argument('--transformers', default='none,file,redis,shm')
    p.add_argument('--repeat', type=int, default=1, help='runs per configuration; medians are reported')
    p.add_argument('--python', default='none,file,redis',
                   help="transformers for Python's ProcessPoolExecutor ('' for no Python run)")
    p.add_argument('--python-big-tasks', type=int, default=64,
                   help='tasks per Python run at 10 MB (its ~150 ms per task would take minutes at 320)')
    p.add_argument('--file-dir', default=None, help='parent of the file transformer directory (default: /tmp)')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    p.add_argument('--anchors', default=str(ROOT.parent / 'shared' / 'anchors'))
    p.add_argument('--csv', default=None, help='write all rows to this CSV file')
    p.add_argument('--plot', default=None, help='write a PNG plot to this file')
    p.add_argument('--merge', default=None, help='keep the rows of this earlier CSV that this run does not measure')
    return p.parse_args()


def parse_size(text: str) -> int:
    text = text.strip().upper()
    for unit, factor in UNITS.items():
        if text.endswith(unit):
            return int(float(text[:-len(unit)]) * factor)
    return int(text)


def size_label(size: int) -> str:
    for unit, factor in UNITS.items():
        if size >= factor and size % factor == 0:
            return f'{size // factor} {unit}'
    return f'{size} B'


def loadavg() -> str:
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server on loopback for the redis transformer, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix='taps-bench-redis-')
        self.proc = subprocess.Popen(
            ['redis-server', '--port', str(self.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
             '--dir', self.dir, '--loglevel', 'warning'],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(('127.0.0.1', self.port), timeout=0.2) as s:
                    s.sendall(b'PING\r\n')
                    if s.recv(16).startswith(b'+PONG'):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        sys.exit('redis-server did not come up')

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def transformer_options(transformer: str, redis: RedisServer | None, file_dir: str | None) -> list[str]:
    if transformer == 'none':
        return []
    options = ['--engine.transformer', transformer]
    if transformer == 'redis':
        options += ['--engine.transformer.host', '127.0.0.1', '--engine.transformer.port', str(redis.port)]
    if transformer == 'file':
        options += ['--engine.transformer.file-dir', file_dir]
    return options


def run_taps(args: argparse.Namespace, executor: str, transformer: str, size: int, scratch: pathlib.Path,
             extra: list[str]) -> dict:
    """One taps-host run; returns the app's synthetic.json."""
    out_dir = scratch / f'{executor}-{transformer}-{size}'
    cmd = [
        args.host, '--plugin-path', args.plugin_path, 'run',
        '--app', 'synthetic', '--app.structure', 'bag', '--app.task-count', str(args.tasks),
        '--app.task-data-bytes', str(size), '--app.bag-max-running', str(args.in_flight),
        '--app.warmup-tasks', str(2 * args.workers),
        '--engine.executor', executor, '--engine.executor.workers', str(args.workers),
        '--logging.level', 'WARNING', '--run.dir-format', str(out_dir) + '/{timestamp}',
    ] + extra
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'taps-host failed ({proc.returncode}): {" ".join(cmd)}\n{proc.stderr[-2000:]}')
    results = sorted(out_dir.glob('*/synthetic.json'))
    if not results:
        sys.exit(f'no synthetic.json under {out_dir}')
    data = json.loads(results[-1].read_text())
    shutil.rmtree(out_dir)
    return data


def run_python(args: argparse.Namespace, sizes: list[int]) -> list[dict]:
    if not args.python:
        return []
    script = pathlib.Path(args.anchors) / 'py_roundtrip.py'
    if not script.exists():
        print(f'# Python anchors not found at {script}; skipping them', file=sys.stderr)
        return []
    transformers = args.python.split(',')
    if 'redis' in transformers and subprocess.run(['/usr/bin/python3', '-c', 'import redis'],
                                                  capture_output=True).returncode != 0:
        print('# Python has no redis module (apt-get install python3-redis); its redis runs are left out',
              file=sys.stderr)
        transformers.remove('redis')
    if not transformers:
        return []
    cmd = ['/usr/bin/python3', str(script), '--executors', 'process', '--transformers', ','.join(transformers),
           '--sizes', ','.join(f'{s}B' for s in sizes), '--workers', str(args.workers), '--tasks', str(args.tasks),
           '--big-tasks', str(args.python_big_tasks), '--big-size', '10MB', '--repeat', str(args.repeat),
           '--time-limit', '1800', '--config-limit', '300']
    if args.file_dir:
        cmd += ['--file-dir', args.file_dir]
    print(f'# Python: {" ".join(cmd)}', flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f'# Python anchors failed ({proc.returncode}): {proc.stderr.strip()[-800:]}', file=sys.stderr)
    rows = []
    for row in csv.DictReader(io.StringIO(proc.stdout)):
        rows.append({'impl': 'python', 'executor': 'ProcessPoolExecutor', 'transformer': row['transformer'],
                     'workers': int(row['workers']), 'in_flight': int(row['workers']), 'bytes': int(row['bytes']),
                     'tasks': int(row['tasks']), 'seconds': float(row['seconds']),
                     'avg_task_time_ms': float(row['avg_task_time_ms']), 'p50_rtt_ms': float(row['p50_rtt_ms'])})
    return rows


def merged(rows: list[dict], path: str) -> list[dict]:
    """The rows of the CSV at `path` not measured again in `rows`, then `rows`."""
    measured = {(r['impl'], r['executor'], r['transformer']) for r in rows}
    kept = []
    with open(path, newline='') as f:
        for row in csv.DictReader(f):
            if (row['impl'], row['executor'], row['transformer']) in measured:
                continue
            for field in ('workers', 'in_flight', 'bytes', 'tasks'):
                row[field] = int(row[field])
            for field in ('seconds', 'avg_task_time_ms', 'p50_rtt_ms'):
                row[field] = float(row[field])
            kept.append(row)
    print(f'# kept {len(kept)} rows of {path}')
    return kept + rows


def plot(rows: list[dict], path: str, args: argparse.Namespace) -> None:
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('# matplotlib is missing (apt-get install python3-matplotlib, run with /usr/bin/python3); no plot',
              file=sys.stderr)
        return
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    series: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        series.setdefault((row['impl'], row['executor'], row['transformer']), []).append(row)
    for (impl, executor, transformer), points in sorted(series.items()):
        points.sort(key=lambda r: r['bytes'])
        label = f'{"Python " if impl == "python" else ""}{executor} / {transformer}'
        style = '--' if impl == 'python' else '-'
        for axis, field in zip(axes, ('avg_task_time_ms', 'p50_rtt_ms')):
            axis.plot([p['bytes'] for p in points], [p[field] for p in points], style, marker='o', label=label)
    for axis, title in zip(axes, ('Average task time (makespan / tasks)', 'Median round trip')):
        axis.set_xscale('log')
        axis.set_yscale('log')
        axis.set_xlabel('input and output size per task (bytes)')
        axis.set_ylabel('ms')
        axis.set_title(title)
        axis.grid(True, which='both', alpha=0.3)
    axes[0].legend(fontsize=7)
    now = args.executors.split(',')
    earlier = sorted({r['tasks'] for r in rows if r['impl'] == 'taps' and r['executor'] not in now})
    tasks = (f'{"/".join(map(str, earlier))} tasks ({", ".join(now)}: {args.tasks}, measured apart)'
             if args.merge and earlier else f'{args.tasks} tasks')
    fig.suptitle(f'{tasks}, {args.in_flight} in flight (Python: {args.workers}), '
                 f'{args.workers} workers, {os.cpu_count()} cores')
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f'# plot: {path}')


def main() -> None:
    args = parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(',')]
    executors = [e for e in args.executors.split(',') if e]
    transformers = [t for t in args.transformers.split(',') if t]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, {args.tasks} tasks, '
          f'{args.in_flight} in flight, {args.workers} workers, median of {args.repeat}', flush=True)
    rows: list[dict] = []
    redis = RedisServer() if 'redis' in transformers else None
    file_parent = tempfile.mkdtemp(prefix='taps-bench-files-', dir=args.file_dir)
    try:
        with tempfile.TemporaryDirectory(prefix='taps-bench-') as tmp:
            scratch = pathlib.Path(tmp)
            for executor in executors:
                for transformer in transformers:
                    extra = transformer_options(transformer, redis, file_parent)
                    for size in sizes:
                        runs = [run_taps(args, executor, transformer, size, scratch, extra) for _ in range(args.repeat)]
                        row = {'impl': 'taps', 'executor': executor, 'transformer': transformer,
                               'workers': args.workers, 'in_flight': args.in_flight, 'bytes': size,
                               'tasks': args.tasks, 'seconds': statistics.median(r['seconds'] for r in runs),
                               'avg_task_time_ms': 1e3 * statistics.median(r['avg_task_time_s'] for r in runs),
                               'p50_rtt_ms': 1e3 * statistics.median(r['round_trip_median_s'] for r in runs)}
                        rows.append(row)
                        print(f'#   {executor:12s} {transformer:5s} {size_label(size):>6s}: '
                              f'{row["avg_task_time_ms"]:9.3f} ms/task, median round trip '
                              f'{row["p50_rtt_ms"]:9.3f} ms', flush=True)
    finally:
        if redis is not None:
            redis.stop()
        # The file transformer removes its run directory at shutdown: say so if it did not.
        leftovers = os.listdir(file_parent) if os.path.isdir(file_parent) else []
        if leftovers:
            print(f'# warning: the file transformer left {leftovers} in {file_parent}', file=sys.stderr)
        shutil.rmtree(file_parent, ignore_errors=True)

    python = run_python(args, sizes)
    rows += python
    if args.merge:
        rows = merged(rows, args.merge)
        python = [r for r in rows if r['impl'] == 'python']

    out = csv.writer(sys.stdout)
    out.writerow(FIELDS + ['x_python_process_none'])
    baseline = {r['bytes']: r['avg_task_time_ms'] for r in python if r['transformer'] == 'none'}
    for row in rows:
        ratio = baseline.get(row['bytes'])
        out.writerow([row[f] if not isinstance(row[f], float) else f'{row[f]:.4f}' for f in FIELDS] +
                     [f'{ratio / row["avg_task_time_ms"]:.1f}' if ratio and row['impl'] == 'taps' else ''])
    print(f'# load after: {loadavg()}')
    if args.csv:
        with open(args.csv, 'w', newline='') as f:
            w = csv.DictWriter(f, fieldnames=FIELDS)
            w.writeheader()
            w.writerows(rows)
        print(f'# csv: {args.csv}')
    if args.plot:
        plot(rows, args.plot, args)


if __name__ == '__main__':
    main()
