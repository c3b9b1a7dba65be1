#!/usr/bin/python3
"""Makespan of the physics app at 1 and 2 workers on thread-pool and process-pool.

Runs `taps-host run --app physics` with the reference's defaults (20 m green,
240 steps/s, 10 s per ball) except real_time, off by default so that the
simulations are CPU-bound (--real-time paces them to the wall clock, as the
reference does). The makespan is the app's own `seconds` in physics.json:
first submit to the last trajectory on the client, after the terrain was
made (not timed) and before the checks (not timed). Medians over --repeat
runs, interleaved. With --plot, a figure: makespan per executor and worker
count, and where the balls of one run started and came to rest.

    bench/physics.py
    bench/physics.py --simulations 32 --repeat 5 --plot docs/physics.png
Needs matplotlib only for --plot (Debian's python3-matplotlib).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import tempfile

from taps_bench import loadavg, run_summary

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--simulations', type=int, default=16)
    p.add_argument('--total-time', type=int, default=10, help='simulated seconds per ball')
    p.add_argument('--real-time', action='store_true', help='pace the steps to the wall clock')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--executors', default='thread-pool,process-pool', help='comma list of taps executors')
    p.add_argument('--repeat', type=int, default=3, help='runs per configuration; the median is reported')
    p.add_argument('--plot', help='write a figure (PNG) here')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def run(args: argparse.Namespace, executor: str, workers: int, scratch: pathlib.Path) -> dict | None:
    out_dir = scratch / f'{executor}-{workers}'
    run_args = [
        '--app', 'physics',
        '--app.simulations', str(args.simulations), '--app.total-time', str(args.total_time),
        '--app.real-time', 'true' if args.real_time else 'false', '--app.seed', str(args.seed),
        '--engine.executor', executor, '--engine.executor.workers', str(workers),
    ]
    return run_summary(args.host, args.plugin_path, run_args, out_dir, 'physics.json', f'{executor} workers={workers}')


def plot(table: dict[tuple[str, int], float], example: dict, args: argparse.Namespace) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    executors = list(dict.fromkeys(e for e, _ in table))
    workers = sorted({w for _, w in table})
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    width = 0.8 / len(workers)
    for i, w in enumerate(workers):
        xs = [j + (i - (len(workers) - 1) / 2) * width for j in range(len(executors))]
        ys = [table.get((e, w), float('nan')) for e in executors]
        bars = left.bar(xs, ys, width, label=f'{w} worker{"s" if w > 1 else ""}')
        left.bar_label(bars, fmt='%.2f s', fontsize=8)
    left.set_xticks(range(len(executors)), executors)
    left.set_ylabel('makespan (s)')
    left.set_title(f'{args.simulations} balls, {args.total_time} s at 240 steps/s'
                   + (', real time' if args.real_time else ''))
    left.set_ylim(0, 1.3 * max(table.values()))
    left.legend(loc='upper left', ncols=len(workers))

    extent = example['terrain']['extent']
    for ball in example['balls']:
        (x0, y0, _), (x1, y1, _) = ball['initial_position'], ball['final_position']
        right.annotate('', (x1, y1), (x0, y0), arrowprops={'arrowstyle': '->', 'color': '#999999', 'lw': 0.7})
    right.scatter([b['initial_position'][0] for b in example['balls']],
                  [b['initial_position'][1] for b in example['balls']], s=14, c='#1f77b4', label='thrown from')
    right.scatter([b['final_position'][0] for b in example['balls']],
                  [b['final_position'][1] for b in example['balls']], s=14, c='#d62728', label='at rest')
    right.set_xlim(0, extent)
    right.set_ylim(0, extent)
    right.set_aspect('equal')
    right.set_xlabel('x (m)')
    right.set_ylabel('y (m)')
    right.set_title(f'seed {example["seed"]}: balls roll into the valleys')
    right.legend(loc='upper right', fontsize=8)
    fig.tight_layout()
    fig.savefig(args.plot, dpi=110)
    print(f'# wrote {args.plot}')


def main() -> None:
    args = parse_args()
    configs = [(e, int(w)) for e in args.executors.split(',') if e for w in args.workers.split(',')]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, simulations={args.simulations}, '
          f'total_time={args.total_time}, real_time={args.real_time}, seed={args.seed}, median of {args.repeat}')
    runs: dict[tuple[str, int], list[dict]] = {c: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix='taps-bench-physics-') as tmp:
        for _ in range(args.repeat):
            for c in configs:
                result = run(args, *c, pathlib.Path(tmp))
                if result is not None:
                    runs[c].append(result)
    table: dict[tuple[str, int], float] = {}
    print('executor        workers  makespan_s  s_per_ball  speedup  (steps simulated)')
    for (executor, w), results in runs.items():
        if not results:
            print(f'{executor:15s} {w:7d}  failed')
            continue
        seconds = statistics.median(r['seconds'] for r in results)
        table[(executor, w)] = seconds
        one = table.get((executor, 1))
        speedup = f'{one / seconds:7.2f}' if one else '      -'
        steps = sum(b['steps'] for b in results[0]['balls'] + results[0]['flat'])
        print(f'{executor:15s} {w:7d} {seconds:11.3f} {seconds / results[0]["tasks"]:11.4f}  {speedup}  ({steps})')
    print(f'# load after: {loadavg()}')
    if args.plot and table:
        example = next(r[0] for r in runs.values() if r)
        plot(table, example, args)


if __name__ == '__main__':
    main()
