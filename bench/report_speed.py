#!/usr/bin/env python3
"""How long `taps-host report` takes on a large run.

Makes one run of the synthetic bag with --tasks no-op tasks on the thread
pool (its tasks.jsonl is the input), then times `taps-host report` on it
--repeat times, with figures and without, and prints the median and the
slowest. The issue's bar: a 100,000-task report under 5 s.

    bench/report_speed.py
    bench/report_speed.py --tasks 1000000 --repeat 1
Standard library only.
"""
from __future__ import annotations

import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--tasks', type=int, default=100_000)
    p.add_argument('--workers', type=int, default=4)
    p.add_argument('--repeat', type=int, default=3)
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    args = parse_args()
    scratch = pathlib.Path(tempfile.mkdtemp(prefix='taps-report-speed-'))
    try:
        run_dir = scratch / 'run'
        subprocess.run([args.host, '--plugin-path', args.plugin_path, 'run', '--app', 'synthetic',
                        '--app.task-count', str(args.tasks), '--engine.executor', 'thread-pool',
                        '--engine.executor.workers', str(args.workers), '--logging.level', 'WARNING',
                        '--run.dir-format', str(run_dir)], check=True)
        lines = sum(1 for _ in open(run_dir / 'tasks.jsonl'))
        load = ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
        print(f'{lines} task records, {(run_dir / "tasks.jsonl").stat().st_size / 1e6:.1f} MB; load {load}')
        for label, extra in (('with figures', []), ('without figures', ['--no-figures'])):
            times = [timed([args.host, 'report', *extra, str(run_dir)]) for _ in range(args.repeat)]
            print(f'report {label}: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s '
                  f'over {args.repeat} runs')
    finally:
        shutil.rmtree(scratch)
    return 0


if __name__ == '__main__':
    sys.exit(main())
