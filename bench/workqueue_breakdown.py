#!/usr/bin/python3
"""Where a Work Queue task's time goes, beside a bare start of the worker program.

One run of the synthetic app's sequential chain on the workqueue executor
with local workers (so that one task at a time is in the system), then, per
task, the span between the timestamps the run left behind:

  dispatch   the task is ready (its parent's result is back, or submitted) ->
             Work Queue marks it RUNNING (taps queue, the manager's
             scheduling and sending the encoded task)
  start      RUNNING -> the generic worker begins executing: the worker
             receives the task, makes the sandbox, links the cached files,
             forks the shell that execs taps-host, which links dynamically,
             loads the shipped plugins and reads config.toml
  execute    the task function (the worker's own timestamps)
  exit       execution end -> the manager sees the task done (process exit,
             the worker noticing it and reporting)
  retrieve   the manager fetching the result file
  finish     result back -> the client's record (decode, record)

Timestamps: Work Queue's transactions.log (manager, microseconds) and
tasks.jsonl (client and worker); all on this machine, one clock. Medians
over the chain, warm-up excluded. In the same run it times the parts of a
task process start on their own: /bin/true, `taps-host --help` (exec and
dynamic linking of taps-host), `taps-host --plugin-path DIR list` with the
plugins a task carries (plus loading them), each as wall time and CPU time,
and the dynamic loader's own time (LD_DEBUG=statistics).

    bench/workqueue_breakdown.py                  # 200 tasks, 1 local worker
    bench/workqueue_breakdown.py --tasks 50 --workers 2
"""
import argparse
import json
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def loadavg():
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def timed(cmd, n, env=None, cwd=None):
    """Median wall ms and mean CPU ms (user + system) of `n` runs of `cmd`."""
    walls = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        walls.append(1e3 * (time.perf_counter() - start))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = 1e3 * ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / n
    return statistics.median(walls), cpu


def loader_ms(cmd):
    """The dynamic loader's startup time for `cmd`, from LD_DEBUG=statistics (cycles at the CPU's clock)."""
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, LD_DEBUG='statistics'))
    cycles = re.search(r'total startup time in dynamic loader: (\d+)', proc.stderr)
    mhz = None
    for line in pathlib.Path('/proc/cpuinfo').read_text().splitlines():
        if line.startswith('cpu MHz'):
            mhz = float(line.split(':')[1])
            break
    if not cycles or not mhz:
        return None
    return int(cycles.group(1)) / (mhz * 1e3)


def run_chain(args, scratch):
    out = scratch / 'runs'
    cmd = [args.host, '--plugin-path', args.plugin_path, 'run', '--app', 'synthetic',
           '--app.structure', 'sequential', '--app.task-count', str(args.tasks), '--app.warmup-tasks', '1',
           '--engine.executor', 'workqueue', '--engine.executor.local-workers', str(args.workers),
           '--engine.executor.port', '0', '--logging.level', 'WARNING', '--run.dir-format', str(out / '{timestamp}')]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'taps-host failed ({proc.returncode}): {" ".join(cmd)}\n{proc.stderr[-2000:]}')
    return next(out.iterdir())


def breakdown(run_dir):
    states = {}
    for line in (run_dir / 'workqueue' / 'transactions.log').read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] == 'TASK':
            states.setdefault(int(parts[3]), {})[parts[4]] = int(parts[0]) / 1e6
    records = [json.loads(line) for line in (run_dir / 'tasks.jsonl').read_text().splitlines()]
    records.sort(key=lambda r: r['submit_time'])
    # A sequential chain: Work Queue numbers tasks in the order taps submits them.
    spans = {k: [] for k in ('dispatch', 'start', 'execute', 'exit', 'retrieve', 'finish', 'total')}
    ready = 0.0
    for record, (wq_id, state) in zip(records, sorted(states.items())):
        ready, previous_end = max(ready, record['submit_time']), record['received_time']
        if record['name'] == 'warmup':
            ready = previous_end
            continue
        e = record['execution']
        spans['dispatch'].append(state['RUNNING'] - ready)
        spans['start'].append(e['execution_start_time'] - state['RUNNING'])
        spans['execute'].append(e['execution_end_time'] - e['execution_start_time'])
        spans['exit'].append(state['WAITING_RETRIEVAL'] - e['execution_end_time'])
        spans['retrieve'].append(state['RETRIEVED'] - state['WAITING_RETRIEVAL'])
        spans['finish'].append(record['received_time'] - state['RETRIEVED'])
        spans['total'].append(record['received_time'] - ready)
        ready = previous_end
    return {k: 1e3 * statistics.median(v) for k, v in spans.items() if v}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--tasks', type=int, default=200)
    p.add_argument('--workers', type=int, default=1, help='local work_queue_workers')
    p.add_argument('--starts', type=int, default=50, help='runs of each bare start')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    args = p.parse_args()
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}; sequential chain of {args.tasks} '
          f'no-op tasks, {args.workers} local worker(s)')
    with tempfile.TemporaryDirectory(prefix='taps-wq-breakdown-') as tmp:
        scratch = pathlib.Path(tmp)
        run_dir = run_chain(args, scratch)
        spans = breakdown(run_dir)
        # The files a task carries, as its sandbox holds them.
        box = scratch / 'sandbox'
        box.mkdir()
        os.symlink(args.host, box / 'taps-host')
        for name in ('synthetic', 'workqueue', 'jsonl'):
            os.symlink(pathlib.Path(args.plugin_path) / f'taps_{name}.so', box / f'taps_{name}.so')
        starts = {
            '/bin/true': timed(['/bin/true'], args.starts),
            'taps-host --help': timed(['./taps-host', '--help'], args.starts, cwd=box),
            'taps-host --plugin-path . list': timed(['./taps-host', '--plugin-path', '.', 'list'], args.starts,
                                                   cwd=box),
        }
        loader = loader_ms([args.host, '--help'])
    print('# per task, median ms:')
    for name, ms in spans.items():
        print(f'#   {name:10s} {ms:8.2f}')
    print('# bare starts in the same run (wall median ms / CPU mean ms):')
    for name, (wall, cpu) in starts.items():
        print(f'#   {name:32s} {wall:7.2f} / {cpu:6.2f}')
    if loader is not None:
        print(f'#   dynamic loader (taps-host --help): {loader:.2f} ms')
    print(f'# load after: {loadavg()}')


if __name__ == '__main__':
    main()
