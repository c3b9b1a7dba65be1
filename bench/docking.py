#!/usr/bin/python3
"""Makespan of the docking app's campaign at 1 and 2 workers.

Runs `taps-host run --app docking` (AutoDock Vina and Open Babel on the
default 1IEP receptor and rdkit-data's NCI SMILES) for each executor and
worker count, and reads from the run's tasks.jsonl:

- makespan: the first task's submission to the last result received;
- the critical chain: walking back from the task that finished last, each
  step to the task that finished latest before the current one started
  (its parent, or the task its worker ran before it); the sum of the
  chain's execution times (task_start_time to task_end_time) is the work
  nothing could have overlapped, so makespan minus that sum is what the
  engine (and the client between rounds) added: the engine share.

Prints the speedup from 1 to 2 workers per executor and, with --figure, a
bar chart of the makespans. Campaign size defaults to the app's defaults,
which include the re-docking check's one long Vina run (--no-redock skips
it).

    bench/docking.py --executors thread-pool,process-pool --figure docs/figures/docking.png
    bench/docking.py --initial 8 --iterations 1 --batch 4
Standard library (plus matplotlib for --figure).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--executors', default='thread-pool,process-pool', help='comma list of taps executors')
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--initial', type=int, default=8, help='initial_simulations')
    p.add_argument('--iterations', type=int, default=3, help='num_iterations')
    p.add_argument('--batch', type=int, default=8, help='batch_size')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--no-redock', action='store_true',
                   help="skip the app's re-docking check (one Vina run of 5DT0's ligand at exhaustiveness 4)")
    p.add_argument('--figure', help='write a PNG bar chart of the makespans here')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def loadavg() -> str:
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def analyse(records: list[dict]) -> dict:
    start = min(r['submit_time'] for r in records)
    end = max(r['received_time'] for r in records)
    done = sorted((r for r in records if r.get('execution')), key=lambda r: r['execution']['task_end_time'])
    chain = [done[-1]]
    while True:
        begin = chain[-1]['execution']['task_start_time']
        before = [r for r in done if r['execution']['task_end_time'] <= begin]
        if not before:
            break
        chain.append(before[-1])
    work = sum(r['execution']['task_end_time'] - r['execution']['task_start_time'] for r in chain)
    busy = sum(r['execution']['task_end_time'] - r['execution']['task_start_time'] for r in done)
    makespan = end - start
    return {'makespan': makespan, 'chain_work': work, 'engine_share': (makespan - work) / makespan,
            'tasks': len(records), 'task_seconds': busy}


def run(args: argparse.Namespace, executor: str, workers: int, scratch: pathlib.Path) -> dict | None:
    out_dir = scratch / f'{executor}-{workers}'
    cmd = [
        args.host, '--plugin-path', args.plugin_path, 'run', '--app', 'docking',
        '--app.initial-simulations', str(args.initial), '--app.num-iterations', str(args.iterations),
        '--app.batch-size', str(args.batch), '--app.seed', str(args.seed),
        '--engine.executor', executor, '--engine.executor.workers', str(workers),
        '--logging.level', 'WARNING', '--run.dir-format', str(out_dir) + '/{timestamp}',
    ]
    if args.no_redock:
        cmd += ['--app.redock-complex', '']
    proc = subprocess.run(cmd, capture_output=True, text=True)
    dirs = sorted(out_dir.glob('*/tasks.jsonl'))
    if proc.returncode != 0 or not dirs:
        print(f'# {executor} workers={workers} failed ({proc.returncode}): {proc.stderr.strip()[-600:]}',
              file=sys.stderr)
        return None
    records = [json.loads(line) for line in dirs[-1].read_text().splitlines() if line.strip()]
    result = analyse(records)
    report = json.loads((dirs[-1].parent / 'docking.json').read_text())
    result['docked'] = len(report['simulations'])
    result['iterations'] = report['iterations']
    shutil.rmtree(out_dir)
    return result


def figure(path: str, results: dict, args: argparse.Namespace) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    executors = sorted({e for e, _ in results})
    workers = sorted({w for _, w in results})
    fig, ax = plt.subplots(figsize=(6, 3.6))
    width = 0.8 / len(workers)
    for i, w in enumerate(workers):
        xs = [k + i * width for k in range(len(executors))]
        ys = [results[(e, w)]['makespan'] if results.get((e, w)) else 0 for e in executors]
        bars = ax.bar(xs, ys, width, label=f'{w} worker{"s" if w > 1 else ""}')
        ax.bar_label(bars, fmt='%.0f s', fontsize=8)
    ax.set_xticks([k + width * (len(workers) - 1) / 2 for k in range(len(executors))], executors)
    ax.set_ylabel('makespan (s)')
    ax.set_title(f'docking: {args.initial} initial + {args.iterations} x ({args.batch} chosen + {args.batch} random) '
                 'ligands', fontsize=9)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> None:
    args = parse_args()
    configs = [(e, int(w)) for e in args.executors.split(',') if e for w in args.workers.split(',')]
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}; campaign: {args.initial} initial + '
          f'{args.iterations} x ({args.batch} chosen + {args.batch} random), exhaustiveness 1, cpu 1')
    results: dict[tuple[str, int], dict | None] = {}
    with tempfile.TemporaryDirectory(prefix='taps-bench-docking-') as tmp:
        for c in configs:
            results[c] = run(args, *c, pathlib.Path(tmp))
            r = results[c]
            if r:
                print(f'#   {c[0]} x{c[1]}: {r["makespan"]:.1f} s, load {loadavg()}', flush=True)
    print('executor        workers  docked   makespan   task-seconds  chain-work  engine-share  speedup')
    for (executor, w), r in results.items():
        if not r:
            print(f'{executor:15s} {w:7d}  failed')
            continue
        one = results.get((executor, 1))
        speedup = f'{one["makespan"] / r["makespan"]:.2f}x' if one else '-'
        print(f'{executor:15s} {w:7d} {r["docked"]:7d} {r["makespan"]:9.1f} s {r["task_seconds"]:11.1f} s '
              f'{r["chain_work"]:9.1f} s {100 * r["engine_share"]:11.3f} %  {speedup}')
    for (executor, w), r in results.items():
        for it in (r or {}).get('iterations', []):
            print(f'# {executor} x{w} round {it["iteration"]}: chosen mean {it["chosen_mean"]:.3f}, random mean '
                  f'{it["random_mean"]:.3f} kcal/mol, spearman {it["spearman"]}')
    print(f'# load after: {loadavg()}')
    if args.figure:
        figure(args.figure, results, args)
        print(f'# figure: {args.figure}')


if __name__ == '__main__':
    main()
