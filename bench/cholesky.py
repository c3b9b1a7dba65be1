#!/usr/bin/env python3
"""Tiled Cholesky on taps executors against one call of Eigen's LLT, in one run.

For each repeat this times Eigen's LLT (build/bin/eigen_llt: one call, one
core, in place) on the matrix the cholesky app makes for the same size and
seed, then runs `taps-host run --app cholesky` on each executor and worker
count and reads the factorization time from the app's cholesky.json (first
submit to the last tile of L; generating and verifying are not timed).
Medians over --repeat runs, and the ratio LLT time / tiled time (above 1:
the tiled run is faster).

Targets (the issue's): at 2 workers the tiled run is >= 1.3x faster than LLT;
at 1 worker it takes at most 1.25x LLT's time.

    bench/cholesky.py                                          # n=4096, b=512
    bench/cholesky.py --executors thread-pool,process-pool --repeat 5
    bench/cholesky.py --host build-apps/bin/taps-host --plugin-path build-apps/plugins \\
                      --eigen-llt build-apps/bin/eigen_llt
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

from taps_bench import loadavg, run_summary

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--matrix-size', type=int, default=4096)
    p.add_argument('--block-size', type=int, default=512)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--executors', default='thread-pool', help='comma list of taps executors')
    p.add_argument('--repeat', type=int, default=3, help='runs per configuration; the median is reported')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    p.add_argument('--eigen-llt', default=str(ROOT / 'build' / 'bin' / 'eigen_llt'))
    return p.parse_args()


def run_llt(args: argparse.Namespace) -> float:
    proc = subprocess.run([args.eigen_llt, str(args.matrix_size), str(args.seed)], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'eigen_llt failed ({proc.returncode}): {proc.stderr}')
    return float(json.loads(proc.stdout)['seconds'])


def run_tiled(args: argparse.Namespace, executor: str, workers: int, scratch: pathlib.Path) -> float | None:
    """One taps-host run; the factorization time, or None if the run failed."""
    out_dir = scratch / f'{executor}-{workers}'
    run_args = [
        '--app', 'cholesky', '--app.matrix-size', str(args.matrix_size), '--app.block-size', str(args.block_size),
        '--app.seed', str(args.seed),
        '--engine.executor', executor, '--engine.executor.workers', str(workers),
    ]
    data = run_summary(args.host, args.plugin_path, run_args, out_dir, 'cholesky.json', f'{executor} workers={workers}')
    if data is None:
        return None
    return float(data['seconds'])


def main() -> None:
    args = parse_args()
    workers = [int(w) for w in args.workers.split(',')]
    executors = [e for e in args.executors.split(',') if e]
    configs = [(e, w) for e in executors for w in workers]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, n={args.matrix_size}, '
          f'b={args.block_size}, seed={args.seed}, median of {args.repeat}')
    llt: list[float] = []
    tiled: dict[tuple[str, int], list[float]] = {c: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix='taps-bench-cholesky-') as tmp:
        # Interleaved, so that a change in the machine's load hits every configuration alike.
        for _ in range(args.repeat):
            llt.append(run_llt(args))
            for executor, w in configs:
                seconds = run_tiled(args, executor, w, pathlib.Path(tmp))
                if seconds is not None:
                    tiled[(executor, w)].append(seconds)
    base = statistics.median(llt)
    print(f'eigen-llt      1 worker   {base:7.3f} s   (runs: {", ".join(f"{s:.3f}" for s in llt)})')
    for (executor, w), runs in tiled.items():
        if not runs:
            print(f'{executor:14s} {w} worker{"s" if w > 1 else " "}  failed')
            continue
        median = statistics.median(runs)
        speedup = base / median
        target = ''
        if w == 1:
            target = f'target: time <= 1.25x LLT -> {"met" if median <= 1.25 * base else "MISSED"}'
        elif w == 2:
            target = f'target: speedup >= 1.3 -> {"met" if speedup >= 1.3 else "MISSED"}'
        print(f'{executor:14s} {w} worker{"s" if w > 1 else " "}  {median:7.3f} s   {speedup:5.2f}x LLT   {target}'
              f'   (runs: {", ".join(f"{s:.3f}" for s in runs)})')
    print(f'# load after: {loadavg()}')


if __name__ == '__main__':
    main()
