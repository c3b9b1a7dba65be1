#!/usr/bin/python3
"""Makespan of the montage app per executor, transformer and worker count.

Runs `taps-host run --app montage` on the generated M51 tiles (default 4 x 4
tiles of 128 px, mProject) for each executor, transformer ('none' for no
transformer; 'redis' starts its own redis-server on loopback) and worker
count. The makespan is montage.json's `seconds`: from the first projection's
submission to the mosaic on the client (tile generation, mImgtbl/mMakeHdr
and the verification are not timed). The per-stage breakdown comes from
tasks.jsonl: for each task function, the span from its first task's start
to its last task's end, and the summed task time. Medians over --repeat
runs, interleaved. With --figure, a PNG of stacked stage spans per
configuration (matplotlib).

    bench/montage.py
    bench/montage.py --executors process-pool --transformers none,shm --repeat 3 --figure montage.png
Standard library (and matplotlib for --figure) only.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
STAGES = ['project_task', 'overlaps_task', 'diff_fit_task', 'background_model_task', 'background_task', 'add_task']


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--tiles', type=int, default=4, help='tiles per side (default 4: 16 tiles)')
    p.add_argument('--tile-size', type=int, default=128)
    p.add_argument('--projector', default='mProject')
    p.add_argument('--executors', default='thread-pool,process-pool', help='comma list of taps executors')
    p.add_argument('--transformers', default='none,shm,file', help="comma list; 'none', shm, file, redis")
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--repeat', type=int, default=1, help='runs per configuration; the median is reported')
    p.add_argument('--figure', help='write a PNG of the stage spans here')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def loadavg() -> str:
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def transformer_args(name: str, scratch: pathlib.Path, redis_port: int | None) -> list[str]:
    if name == 'none':
        return []
    args = ['--engine.transformer', name]
    if name == 'file':
        args += ['--engine.transformer.file-dir', str(scratch / 'objects')]
    elif name == 'redis':
        args += ['--engine.transformer.host', '127.0.0.1', '--engine.transformer.port', str(redis_port)]
    return args


def stage_breakdown(tasks_jsonl: pathlib.Path) -> dict[str, dict[str, float]]:
    starts: dict[str, list[float]] = {}
    ends: dict[str, list[float]] = {}
    busy: dict[str, float] = {}
    for line in tasks_jsonl.read_text().splitlines():
        r = json.loads(line)
        e = r.get('execution') or {}
        if 'task_start_time' not in e:
            continue
        name = r['function_name']
        starts.setdefault(name, []).append(e['task_start_time'])
        ends.setdefault(name, []).append(e['task_end_time'])
        busy[name] = busy.get(name, 0.0) + e['task_end_time'] - e['task_start_time']
    origin = min(min(v) for v in starts.values())
    return {n: {'start': min(starts[n]) - origin, 'end': max(ends[n]) - origin, 'busy': busy[n],
                'tasks': len(starts[n])} for n in starts}


def run(args, executor: str, transformer: str, workers: int, scratch: pathlib.Path, redis_port) -> dict | None:
    out_dir = scratch / f'{executor}-{transformer}-{workers}'
    cmd = [args.host, '--plugin-path', args.plugin_path, 'run', '--app', 'montage',
           '--app.tiles', str(args.tiles), '--app.tile-size', str(args.tile_size), '--app.projector', args.projector,
           '--engine.executor', executor, '--engine.executor.workers', str(workers),
           *transformer_args(transformer, out_dir, redis_port),
           '--logging.level', 'WARNING', '--run.dir-format', str(out_dir) + '/{timestamp}']
    proc = subprocess.run(cmd, capture_output=True, text=True)
    results = sorted(out_dir.glob('*/montage.json'))
    if proc.returncode != 0 or not results:
        print(f'# {executor} {transformer} workers={workers} failed ({proc.returncode}): '
              f'{proc.stderr.strip()[-400:]}', file=sys.stderr)
        shutil.rmtree(out_dir, ignore_errors=True)
        return None
    data = json.loads(results[-1].read_text())
    data['stages'] = stage_breakdown(results[-1].parent / 'tasks.jsonl')
    shutil.rmtree(out_dir)
    return data


def median_run(results: list[dict]) -> dict:
    """The run whose stage breakdown is shown: the lower median by makespan."""
    return sorted(results, key=lambda r: r['seconds'])[(len(results) - 1) // 2]


def draw(figure: str, rows: list[tuple[str, dict]]) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.5))
    colours = plt.get_cmap('tab10').colors
    for y, (label, r) in enumerate(rows):
        for i, stage in enumerate(STAGES):
            s = r['stages'].get(stage)
            if s:
                ax.barh(y, s['end'] - s['start'], left=s['start'], color=colours[i],
                        label=stage.replace('_task', '') if y == 0 else None)
        ax.plot([r['seconds']], [y], 'k|', markersize=14)
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.invert_yaxis()
    ax.set_xlabel('seconds since the first task started (| = makespan)')
    ax.set_title('montage: stage spans per executor / transformer / workers')
    ax.legend(loc='upper left', bbox_to_anchor=(1.01, 1), fontsize=8)
    fig.tight_layout()
    fig.savefig(figure, dpi=100)


def main() -> None:
    args = parse_args()
    configs = [(e, t, int(w)) for e in args.executors.split(',') if e for t in args.transformers.split(',') if t
               for w in args.workers.split(',')]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, {args.tiles}x{args.tiles} tiles of '
          f'{args.tile_size} px, {args.projector}, median of {args.repeat}')
    redis = None
    redis_port = None
    if any(t == 'redis' for _, t, _ in configs):
        redis_port = free_port()
        redis = subprocess.Popen(['redis-server', '--port', str(redis_port), '--bind', '127.0.0.1', '--save', '',
                                  '--appendonly', 'no'], stdout=subprocess.DEVNULL)
        time.sleep(0.5)
    runs: dict[tuple[str, str, int], list[dict]] = {c: [] for c in configs}
    try:
        with tempfile.TemporaryDirectory(prefix='taps-bench-montage-') as tmp:
            for _ in range(args.repeat):
                for c in configs:
                    result = run(args, *c, pathlib.Path(tmp), redis_port)
                    if result is not None:
                        runs[c].append(result)
    finally:
        if redis:
            redis.terminate()
            redis.wait()
    header = 'executor       transformer workers makespan  speedup  ' + '  '.join(
        f'{s.replace("_task", ""):>16s}' for s in STAGES)
    print(header)
    print(' ' * 53 + '  '.join(f'{"span/busy s":>16s}' for _ in STAGES))
    rows = []
    for (executor, transformer, w), results in runs.items():
        if not results:
            print(f'{executor:14s} {transformer:11s} {w:7d}  failed')
            continue
        r = median_run(results)
        makespan = statistics.median(x['seconds'] for x in results)
        one = runs.get((executor, transformer, 1))
        speedup = statistics.median(x['seconds'] for x in one) / makespan if one else float('nan')
        cells = []
        for s in STAGES:
            st = r['stages'].get(s)
            cells.append(f'{st["end"] - st["start"]:7.2f}/{st["busy"]:7.2f}' if st else f'{"-":>16s}')
        print(f'{executor:14s} {transformer:11s} {w:7d} {makespan:8.2f} {speedup:7.2f}x  ' + '  '.join(cells))
        rows.append((f'{executor} {transformer} {w}w', r))
    print(f'# tasks per run: {rows[0][1]["tasks"] if rows else "?"} '
          f'({rows[0][1]["images"] if rows else "?"} images, {rows[0][1]["overlaps"] if rows else "?"} overlaps)')
    print(f'# load after: {loadavg()}')
    if args.figure and rows:
        draw(args.figure, rows)
        print(f'# figure: {args.figure}')


if __name__ == '__main__':
    main()
