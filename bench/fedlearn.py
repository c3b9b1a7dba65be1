#!/usr/bin/python3
"""Seconds per round of the fedlearn app beside a centralised training.

Runs `taps-host run --app fedlearn --app.centralised true` on Fashion-MNIST
for each executor and worker count and reads fedlearn.json: the mean
seconds per federated round (the clients' local training tasks, moving the
weights and shards both ways, and FedAvg on the client; the test task is
not included) and, from the same run, one centralised training of the same
784-128-10 MLP on the same samples for as many epochs as all rounds
together (rounds x epochs), on the client with no task, so its seconds / rounds
is the same work as one round with no executor. Medians over --repeat runs,
interleaved. Writes a CSV and a PNG next to --out.

    bench/fedlearn.py
    bench/fedlearn.py --repeat 3 --out docs/fedlearn
    bench/fedlearn.py --app-args '--app.clients 4 --app.rounds 3'
"""
from __future__ import annotations

import argparse
import csv
import os
import pathlib
import shlex
import statistics
import sys
import tempfile

from taps_bench import loadavg, run_summary

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--executors', default='thread-pool,process-pool', help='comma list of taps executors')
    p.add_argument('--workers', default='1,2', help='comma list of worker counts')
    p.add_argument('--repeat', type=int, default=1, help='runs per configuration; the median is reported')
    p.add_argument('--app-args', default='', help='more fedlearn options, e.g. "--app.rounds 3"')
    p.add_argument('--out', default=str(ROOT / 'docs' / 'fedlearn'), help='writes OUT.csv and OUT.png')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def run(args: argparse.Namespace, executor: str, workers: int, scratch: pathlib.Path) -> dict | None:
    out_dir = scratch / f'{executor}-{workers}'
    run_args = [
        '--app', 'fedlearn', '--app.centralised', 'true',
        *shlex.split(args.app_args),
        '--engine.executor', executor, '--engine.executor.workers', str(workers),
    ]
    return run_summary(args.host, args.plugin_path, run_args, out_dir, 'fedlearn.json', f'{executor} workers={workers}')


def plot(rows: list[dict], path: pathlib.Path, title: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    labels = [f"{r['executor']}\n{r['workers']} worker{'s' if r['workers'] > 1 else ''}" for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4))
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], [r['round_seconds'] for r in rows], 0.4, label='federated round (tasks + FedAvg)')
    ax.bar([i + 0.2 for i in x], [r['centralised_round_seconds'] for r in rows], 0.4,
           label='centralised, same work (client, no tasks)')
    for i, r in enumerate(rows):
        ax.annotate(f"{100 * r['accuracy']:.1f} %", (i - 0.2, r['round_seconds']), ha='center', va='bottom',
                    fontsize=8)
    ax.set_xticks(list(x), labels, fontsize=8)
    ax.set_ylabel('seconds per round')
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    args = parse_args()
    configs = [(e, int(w)) for e in args.executors.split(',') if e for w in args.workers.split(',') if w]
    header = (f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}, '
              f'fedlearn {args.app_args or "defaults"}, median of {args.repeat}')
    print(header)
    runs: dict[tuple[str, int], list[dict]] = {c: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix='taps-bench-fedlearn-') as tmp:
        for _ in range(args.repeat):
            for c in configs:
                result = run(args, *c, pathlib.Path(tmp))
                if result is not None:
                    runs[c].append(result)
    rows = []
    print('executor        workers  s/round  centralised s/round  final accuracy  centralised accuracy')
    for (executor, workers), results in runs.items():
        if not results:
            print(f'{executor:15s} {workers:7d}  failed')
            continue
        first = results[0]
        rounds = len(first['rounds'])
        row = {
            'executor': executor,
            'workers': workers,
            'round_seconds': statistics.median(statistics.mean(r['seconds'] for r in x['rounds']) for x in results),
            'centralised_round_seconds': statistics.median(x['centralised']['seconds'] / rounds for x in results),
            'accuracy': first['rounds'][-1]['test_accuracy'],
            'centralised_accuracy': first['centralised']['test_accuracy'],
        }
        rows.append(row)
        print(f"{executor:15s} {workers:7d} {row['round_seconds']:8.3f} {row['centralised_round_seconds']:20.3f} "
              f"{row['accuracy']:15.4f} {row['centralised_accuracy']:21.4f}")
    print(f'# load after: {loadavg()}')
    if not rows:
        sys.exit(1)
    out = pathlib.Path(args.out)
    with open(out.with_suffix('.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    plot(rows, out.with_suffix('.png'), header.lstrip('# '))
    print(f'# wrote {out.with_suffix(".csv")} and {out.with_suffix(".png")}')


if __name__ == '__main__':
    main()
