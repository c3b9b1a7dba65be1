#!/usr/bin/env python3
"""Word-count throughput of the mapreduce app on the SpamAssassin corpus.

Runs `taps-host run --app mapreduce` over data/spamassassin (fetched by
scripts/fetch-spamassassin.sh when missing) for each executor, worker count
and map_input mode, and reads words/s and MB/s (10^6 bytes) from the app's
mapreduce.json: the time from the first map task's submission to the reduce
result on the client, after the files were listed and split (not timed) and
before the client's verification count (not timed). Medians over --repeat
runs, interleaved.

    bench/mapreduce.py
    bench/mapreduce.py --map-input path,text --repeat 5
    bench/mapreduce.py --host build-apps/bin/taps-host --plugin-path build-apps/plugins
Standard library only.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import tempfile

from taps_bench import loadavg, run_summary

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data-dir', default=str(ROOT / 'data' / 'spamassassin'))
    p.add_argument('--glob', default='*.txt')
    p.add_argument('--map-tasks', type=int, default=32)
    p.add_argument('--map-input', default='path', help="comma list of 'path' and 'text'")
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--executors', default='thread-pool', help='comma list of taps executors')
    p.add_argument('--repeat', type=int, default=3, help='runs per configuration; the median is reported')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def run(args: argparse.Namespace, executor: str, workers: int, mode: str, scratch: pathlib.Path) -> dict | None:
    out_dir = scratch / f'{executor}-{workers}-{mode}'
    run_args = [
        '--app', 'mapreduce', '--app.data-dir', args.data_dir, '--app.glob', args.glob,
        '--app.map-tasks', str(args.map_tasks), '--app.map-input', mode,
        '--engine.executor', executor, '--engine.executor.workers', str(workers),
    ]
    return run_summary(args.host, args.plugin_path, run_args, out_dir, 'mapreduce.json', f'{executor} workers={workers} {mode}')


def main() -> None:
    args = parse_args()
    data_dir = pathlib.Path(args.data_dir)
    if not data_dir.is_dir() and data_dir == ROOT / 'data' / 'spamassassin':
        subprocess.run([str(ROOT / 'scripts' / 'fetch-spamassassin.sh')], check=True)
    configs = [(e, int(w), m) for e in args.executors.split(',') if e for w in args.workers.split(',')
               for m in args.map_input.split(',') if m]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, {data_dir}, '
          f'map_tasks={args.map_tasks}, median of {args.repeat}')
    runs: dict[tuple[str, int, str], list[dict]] = {c: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix='taps-bench-mapreduce-') as tmp:
        for _ in range(args.repeat):
            for c in configs:
                result = run(args, *c, pathlib.Path(tmp))
                if result is not None:
                    runs[c].append(result)
    print('executor        workers  map_input   seconds      words/s      MB/s   (files, bytes, words)')
    for (executor, w, mode), results in runs.items():
        if not results:
            print(f'{executor:15s} {w:7d}  {mode:9s}  failed')
            continue
        seconds = statistics.median(r['seconds'] for r in results)
        first = results[0]
        print(f'{executor:15s} {w:7d}  {mode:9s} {seconds:8.3f} {first["words"] / seconds:12,.0f} '
              f'{first["bytes"] / 1e6 / seconds:9.1f}   ({first["files"]}, {first["bytes"]}, {first["words"]})')
    print(f'# load after: {loadavg()}')


if __name__ == '__main__':
    main()
