#!/usr/bin/python3
"""Memory of taps-host against the number of finished tasks (issue 17, item 8).

Default mode: peak RSS of `taps-host run --app synthetic` running a bag of
no-op tasks (no sleep, no data) on thread-pool, at 10^5, 10^6 and 10^7 tasks.
Peak RSS is ru_maxrss from wait4(): the largest resident set taps-host (or
any worker it reaped) ever had. Flat means the same peak at every count.

--soak: one long run per executor (10^7 tasks on thread-pool, 10^6 on
process-pool by default), sampling every --interval seconds the resident
set of taps-host plus its workers (/proc/PID/status VmRSS) and the task
throughput (from the app's "Completed N/M tasks" lines, ten per run).

Task records are off (--engine.logger none) unless --records: ten million
records are gigabytes of tasks.jsonl, which measures the disk.

    bench/peak_rss.py
    bench/peak_rss.py --counts 100000,1000000 --records
    bench/peak_rss.py --soak
    bench/peak_rss.py --soak --soak-thread-pool 1000000 --soak-process-pool 100000
Standard library only.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import subprocess
import tempfile
import threading
import time

from taps_bench import loadavg

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMPLETED = re.compile(r'Completed (\d+)/(\d+) tasks')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--counts', default='100000,1000000,10000000', help='comma list of task counts')
    p.add_argument('--executor', default='thread-pool')
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--max-running', type=int, default=64, help='bag tasks in flight at once')
    p.add_argument('--records', action='store_true', help='write tasks.jsonl (default: no task records)')
    p.add_argument('--soak', action='store_true', help='sample RSS and throughput along long runs')
    p.add_argument('--soak-thread-pool', type=int, default=10_000_000)
    p.add_argument('--soak-process-pool', type=int, default=1_000_000)
    p.add_argument('--interval', type=float, default=2.0, help='soak sampling interval, seconds')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    return p.parse_args()


def command(args: argparse.Namespace, executor: str, tasks: int, scratch: pathlib.Path) -> list[str]:
    cmd = [args.host, '--plugin-path', args.plugin_path, 'run', '--app', 'synthetic', '--app.structure', 'bag',
           '--app.task-count', str(tasks), '--app.task-sleep', '0', '--app.task-data-bytes', '0',
           '--app.bag-max-running', str(args.max_running), '--app.warmup-tasks', '0',
           '--engine.executor', executor, '--engine.executor.workers', str(args.workers),
           '--run.dir-format', str(scratch / f'{executor}-{tasks}')]
    if not args.records:
        cmd += ['--engine.logger', 'none']
    return cmd


def rss_kib(pid: int) -> int:
    try:
        for line in pathlib.Path(f'/proc/{pid}/status').read_text().splitlines():
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in pathlib.Path(f'/proc/{pid}/task/{pid}/children').read_text().split()]
    except OSError:
        return []


def peak_run(args: argparse.Namespace, executor: str, tasks: int, scratch: pathlib.Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of one run."""
    start = time.monotonic()
    proc = subprocess.Popen(command(args, executor, tasks, scratch), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    tail = []
    for line in proc.stderr:  # drains the pipe so taps-host never blocks on it
        tail = (tail + [line])[-5:]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f'taps-host failed ({proc.returncode}):\n' + ''.join(tail))
    return usage.ru_maxrss / 1024, seconds


def soak(args: argparse.Namespace, executor: str, tasks: int, scratch: pathlib.Path) -> None:
    print(f'\nsoak: {tasks} no-op tasks on {executor} ({args.workers} workers), load {loadavg()}')
    print(f'{"t_s":>8} {"done":>10} {"tasks_per_s":>12} {"host_MB":>9} {"workers_MB":>11}')
    proc = subprocess.Popen(command(args, executor, tasks, scratch), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    start = time.monotonic()
    done = [0, start]  # last progress line: tasks completed, when

    def read_progress() -> None:
        for line in proc.stderr:
            if m := COMPLETED.search(line):
                done[:] = [int(m.group(1)), time.monotonic()]

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    previous = (0, start)
    peak_host = peak_workers = 0
    while proc.poll() is None:
        time.sleep(args.interval)
        host = rss_kib(proc.pid)
        workers = sum(rss_kib(c) for c in children(proc.pid))
        if host == 0:
            break
        peak_host, peak_workers = max(peak_host, host), max(peak_workers, workers)
        count, at = done
        # Between the last two progress lines; '-' when none came since.
        rate = f'{(count - previous[0]) / (at - previous[1]):.0f}' if at > previous[1] else '-'
        if at > previous[1]:
            previous = (count, at)
        print(f'{time.monotonic() - start:8.1f} {count:10d} {rate:>12} {host / 1024:9.1f} {workers / 1024:11.1f}',
              flush=True)
    proc.wait()
    reader.join(timeout=5)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f'taps-host failed ({proc.returncode})')
    print(f'total: {tasks} tasks in {seconds:.1f} s, {tasks / seconds:.0f} tasks/s; sampled peak RSS host '
          f'{peak_host / 1024:.1f} MB, workers {peak_workers / 1024:.1f} MB')


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix='taps-peak-rss-') as tmp:
        scratch = pathlib.Path(tmp)
        if args.soak:
            soak(args, 'thread-pool', args.soak_thread_pool, scratch)
            soak(args, 'process-pool', args.soak_process_pool, scratch)
            return
        print(f'peak RSS, bag of no-op tasks on {args.executor} ({args.workers} workers, '
              f'{args.max_running} in flight, records {"on" if args.records else "off"}), load {loadavg()}')
        print(f'{"tasks":>10} {"peak_RSS_MB":>12} {"seconds":>9} {"tasks_per_s":>12}')
        for tasks in (int(c) for c in args.counts.split(',')):
            peak, seconds = peak_run(args, args.executor, tasks, scratch)
            print(f'{tasks:10d} {peak:12.1f} {seconds:9.1f} {tasks / seconds:12.0f}', flush=True)


if __name__ == '__main__':
    main()
