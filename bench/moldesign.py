#!/usr/bin/python3
"""Makespan of a moldesign campaign at 1 and 2 workers, and the engine's share of it.

Runs `taps-host run --app moldesign` (default options unless given: the ~412 QM9-like molecules of
rdkit-data's NCI set, 8 initial simulations, 64 in total, batches of 4) for each executor and
worker count, and reads the run's tasks.jsonl:

- makespan: from the first task's submission to the last task's result on the client;
- critical path: walking back from the last task to finish, each step goes to the task that ended
  last before the current one started (its parent, the simulation the client waited for, or the
  task that held its worker); the sum of their execution times (execution_start to execution_end,
  data transforms included) is the time the tools and models needed;
- engine share: (makespan - critical-path execution) / makespan, everything that is not a task
  running: dispatch, result delivery, the client's own work between batches.

Speedup is the 1-worker makespan over the 2-worker makespan of the same executor. Runs are
interleaved; with --repeat the median of each configuration is reported. The figure shows the
makespans and the best IP found over time of the last run of each configuration.

    bench/moldesign.py
    bench/moldesign.py --executors thread-pool,process-pool --workers 1,2 --repeat 3
    bench/moldesign.py --app-args '--app.search-count 16' --figure /tmp/moldesign.png
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--executors', default='thread-pool,process-pool', help='comma list of taps executors')
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--repeat', type=int, default=1, help='runs per configuration; the median is reported')
    p.add_argument('--app-args', default='', help='more moldesign options, e.g. "--app.search-count 16"')
    p.add_argument('--prefetch', type=int, default=1,
                   help="process-pool's prefetch: 1 hands a worker its next simulation only when it is free, so "
                        'simulations of unequal length balance over the workers')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    p.add_argument('--csv', default=str(ROOT / 'docs' / 'moldesign.csv'), help='per-run numbers')
    p.add_argument('--figure', default=str(ROOT / 'docs' / 'moldesign.png'))
    return p.parse_args()


def loadavg() -> str:
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def critical_path(records: list[dict]) -> list[dict]:
    """The chain of tasks, last one first, each the task that ended last before the next started."""
    done = sorted((r for r in records if r['execution']), key=lambda r: r['execution']['execution_end_time'])
    if not done:
        return []
    ends = [r['execution']['execution_end_time'] for r in done]
    chain = [done[-1]]
    index = len(done) - 1
    while True:
        start = chain[-1]['execution']['execution_start_time']
        # The latest end at or before `start`, among tasks before the current one.
        while index > 0 and ends[index - 1] > start:
            index -= 1
        if index == 0:
            return chain
        index -= 1
        chain.append(done[index])


def analyse(run_dir: pathlib.Path) -> dict:
    records = [json.loads(line) for line in (run_dir / 'tasks.jsonl').read_text().splitlines() if line]
    first_submit = min(r['submit_time'] for r in records)
    last_result = max(r['received_time'] for r in records)
    makespan = last_result - first_submit
    chain = critical_path(records)
    on_path = sum(r['execution']['execution_end_time'] - r['execution']['execution_start_time'] for r in chain)
    summary = json.loads((run_dir / 'moldesign.json').read_text())
    with open(run_dir / 'results.csv') as f:
        trace = [(float(row['time']), float(row['ie'])) for row in csv.DictReader(f)]
    return {
        'makespan': makespan, 'critical_path_tasks': len(chain), 'critical_path_execution': on_path,
        'engine_share': (makespan - on_path) / makespan, 'tasks': len(records),
        'failed_tasks': sum(1 for r in records if not r['success']),
        'simulated': summary['simulated'], 'best_ip_ev': summary['best_ip_ev'], 'best_smiles': summary['best_smiles'],
        'model_rmse_ev': summary['model_rmse_ev'], 'mean_rmse_ev': summary['mean_rmse_ev'], 'trace': trace,
    }


def run(args: argparse.Namespace, executor: str, workers: int, scratch: pathlib.Path) -> dict | None:
    out_dir = scratch / f'{executor}-{workers}'
    cmd = [args.host, '--plugin-path', args.plugin_path, 'run', '--app', 'moldesign', *shlex.split(args.app_args),
           '--engine.executor', executor, '--engine.executor.workers', str(workers),
           *(['--engine.executor.prefetch', str(args.prefetch)] if executor == 'process-pool' else []),
           '--logging.level', 'WARNING', '--run.dir-format', str(out_dir) + '/{timestamp}']
    proc = subprocess.run(cmd, capture_output=True, text=True)
    dirs = sorted(out_dir.glob('*/moldesign.json'))
    if proc.returncode != 0 or not dirs:
        print(f'# {executor} workers={workers} failed ({proc.returncode}): {proc.stderr.strip()[-600:]}',
              file=sys.stderr)
        shutil.rmtree(out_dir, ignore_errors=True)
        return None
    result = analyse(dirs[-1].parent)
    shutil.rmtree(out_dir)
    return result


def plot(path: str, medians: dict, last: dict, title: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    from matplotlib import pyplot as plt

    fig, (bars, trace) = plt.subplots(1, 2, figsize=(9, 3.4))
    labels = [f'{e}\n{w} worker{"s" if w > 1 else ""}' for (e, w) in medians]
    values = [m['makespan'] for m in medians.values()]
    shares = [m['engine_share'] for m in medians.values()]
    drawn = bars.bar(range(len(values)), values, color=['C0' if w == 1 else 'C1' for (_, w) in medians])
    for bar, share in zip(drawn, shares):
        bars.annotate(f'engine {100 * share:.2f} %', (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                      ha='center', va='bottom', fontsize=7)
    bars.set_xticks(range(len(values)), labels, fontsize=7)
    bars.set_ylabel('makespan (s)')
    bars.set_title('campaign makespan', fontsize=9)
    for (executor, workers), result in last.items():
        times = [t for t, _ in result['trace']]
        best, running = [], float('-inf')
        for _, ip in result['trace']:
            running = max(running, ip)
            best.append(running)
        trace.step(times, best, where='post', label=f'{executor}, {workers}')
    trace.set_xlabel('walltime (s)')
    trace.set_ylabel('best IP found (eV)')
    trace.set_title('best ionization potential over the search', fontsize=9)
    trace.legend(fontsize=7)
    fig.suptitle(title, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> None:
    args = parse_args()
    configs = [(e, int(w)) for e in args.executors.split(',') if e for w in args.workers.split(',') if w]
    header = (f'{os.uname().nodename}, {os.cpu_count()} cores, load before {loadavg()}, '
              f'app args "{args.app_args}", median of {args.repeat}')
    print('# ' + header)
    runs: dict[tuple[str, int], list[dict]] = {c: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix='taps-bench-moldesign-') as tmp:
        for _ in range(args.repeat):
            for c in configs:
                result = run(args, *c, pathlib.Path(tmp))
                if result is not None:
                    runs[c].append(result)
    medians = {}
    print('executor        workers  makespan_s  speedup  path_exec_s  path_tasks  engine_share  tasks  best_ip_eV')
    for (executor, workers), results in runs.items():
        if not results:
            print(f'{executor:15s} {workers:7d}  failed')
            continue
        m = {k: statistics.median(r[k] for r in results)
             for k in ('makespan', 'critical_path_execution', 'critical_path_tasks', 'engine_share')}
        medians[(executor, workers)] = m
        one = medians.get((executor, 1))
        speedup = f'{one["makespan"] / m["makespan"]:7.2f}' if one else '      -'
        r = results[-1]
        print(f'{executor:15s} {workers:7d} {m["makespan"]:11.2f}  {speedup} {m["critical_path_execution"]:12.2f} '
              f'{m["critical_path_tasks"]:11.0f} {100 * m["engine_share"]:12.3f}% {r["tasks"]:6d}  '
              f'{r["best_ip_ev"]:.4f} {r["best_smiles"]}')
    print(f'# load after: {loadavg()}')
    if args.csv:
        with open(args.csv, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['executor', 'workers', 'run', 'makespan_s', 'critical_path_execution_s',
                        'critical_path_tasks', 'engine_share', 'tasks', 'failed_tasks', 'simulated', 'best_ip_ev',
                        'model_rmse_ev', 'mean_rmse_ev'])
            for (executor, workers), results in runs.items():
                for i, r in enumerate(results):
                    w.writerow([executor, workers, i, f'{r["makespan"]:.4f}', f'{r["critical_path_execution"]:.4f}',
                                r['critical_path_tasks'], f'{r["engine_share"]:.6f}', r['tasks'], r['failed_tasks'],
                                r['simulated'], r['best_ip_ev'], f'{r["model_rmse_ev"]:.4f}',
                                f'{r["mean_rmse_ev"]:.4f}'])
    if args.figure and medians:
        plot(args.figure, medians, {c: rs[-1] for c, rs in runs.items() if rs}, header)
        print(f'# figure: {args.figure}')


if __name__ == '__main__':
    main()
