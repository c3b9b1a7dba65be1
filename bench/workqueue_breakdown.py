#!/usr/bin/python3
"""Where a Work Queue task's time goes, beside a bare start of the worker program.

One run of the synthetic app's sequential chain on the workqueue executor
with local workers (so that one task at a time is in the system), then, per
task, the span between the timestamps the run left behind:

  dispatch   the task is ready (its parent's result is back, or submitted) ->
             Work Queue marks it RUNNING (taps queue, the manager's
             scheduling and sending the encoded task)
  start      RUNNING -> the task process begins executing: the worker
             receives the task, makes the sandbox, links the cached files,
             forks the shell that execs the task program (taps-task: links
             dynamically, reads its manifest, loads the transformer, filter
             and the task's app plugin; before it, taps-host worker, which
             loaded every shipped plugin and parsed config.toml)
  execute    the task function (the worker's own timestamps)
  exit       execution end -> the manager sees the task done (process exit,
             the worker noticing it and reporting)
  retrieve   the manager fetching the result file
  finish     result back -> the client's record (decode, record)

Timestamps: Work Queue's transactions.log (manager, microseconds) and
tasks.jsonl (client and worker); all on this machine, one clock. Medians
over the chain, warm-up excluded. In the same run it times a bare start of
the task process on its own, with a real encoded task of the run (copied
while the chain runs) in a sandbox of the files Work Queue links there:
/bin/true, the task's exact shell command, `taps-task` without the shell,
and the generic worker's file mode (`taps-host --plugin-path DIR worker
--config config.toml --task IN --result OUT`, what every task ran before
taps-task, with DIR holding every plugin the client loaded), each as wall and
CPU time, and the dynamic loader's own time (LD_DEBUG=statistics).

With --baseline-host/--baseline-plugin-path (another build, e.g. a copy of
main's before a change), the chain runs on both builds, alternating, so the
before/after ratio is measured under the same load.

    bench/workqueue_breakdown.py                  # 200 tasks, 1 local worker
    bench/workqueue_breakdown.py --tasks 50 --workers 2
    bench/workqueue_breakdown.py --baseline-host /tmp/before/bin/taps-host \
        --baseline-plugin-path /tmp/before/plugins --repeat 3
"""
import argparse
import json
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
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


def loader_ms(cmd, cwd=None):
    """The dynamic loader's startup time for `cmd`, from LD_DEBUG=statistics (cycles at the CPU's clock)."""
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, LD_DEBUG='statistics'))
    cycles = re.search(r'total startup time in dynamic loader: (\d+)', proc.stderr)
    mhz = None
    for line in pathlib.Path('/proc/cpuinfo').read_text().splitlines():
        if line.startswith('cpu MHz'):
            mhz = float(line.split(':')[1])
            break
    if not cycles or not mhz:
        return None
    return int(cycles.group(1)) / (mhz * 1e3)


def run_chain(host, plugin_path, args, out, keep_task):
    """Runs the chain; while it runs, copies one encoded task of it to `keep_task`."""
    cmd = [host, '--plugin-path', plugin_path, 'run', '--app', 'synthetic',
           '--app.structure', 'sequential', '--app.task-count', str(args.tasks), '--app.warmup-tasks', '1',
           '--engine.executor', 'workqueue', '--engine.executor.local-workers', str(args.workers),
           '--engine.executor.port', '0', '--logging.level', 'WARNING', '--run.dir-format', str(out / '{timestamp}')]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    copier = threading.Thread(target=copy_a_task, args=(out, keep_task, proc), daemon=True)
    copier.start()
    stdout, stderr = proc.communicate()
    copier.join()
    if proc.returncode != 0:
        sys.exit(f'taps-host failed ({proc.returncode}): {" ".join(cmd)}\n{stderr[-2000:]}')
    return next(out.iterdir())


def copy_a_task(out, keep_task, proc):
    while proc.poll() is None and not keep_task.exists():
        for task in out.glob('*/workqueue/staging/tasks/*.task'):
            try:
                data = task.read_bytes()
            except OSError:
                continue
            if data:
                keep_task.write_bytes(data)
                return
        time.sleep(0.002)


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


def sandbox_of(files_dir, box, task):
    """A task sandbox as Work Queue makes it: links to the cached files, the encoded task."""
    box.mkdir()
    for f in files_dir.iterdir():
        os.symlink(f.resolve(), box / f.name)
    shutil.copy(task, box / 'task.in')
    return box


def bare_starts(args, run_dir, task, scratch):
    """Times a task process's start on its own, the old and the new way."""
    files = scratch / 'files'
    subprocess.run([args.host, '--plugin-path', args.plugin_path, 'worker', '--config', str(run_dir / 'config.toml'),
                    '--stage-task-files', str(files)], check=True)
    box = sandbox_of(files, scratch / 'sandbox', task)
    command = ': > task.out && exec ./taps-task task.manifest task.in task.out'
    starts = {
        '/bin/true': timed(['/bin/true'], args.starts),
        'sh -c (the task command, taps-task)': timed(['/bin/sh', '-c', command], args.starts, cwd=box),
        'taps-task (no shell)': timed(['./taps-task', 'task.manifest', 'task.in', 'task.out'], args.starts,
                                      cwd=box),
        'taps-host worker --task (before)': timed(
            [args.host, '--plugin-path', args.plugin_path, 'worker', '--config', 'config.toml', '--task', 'task.in',
             '--result', 'task.out'], args.starts, cwd=box),
    }
    loaders = {
        'taps-task': loader_ms(['./taps-task', 'task.manifest', 'task.in', 'task.out'], cwd=box),
        'taps-host worker --task': loader_ms([args.host, '--plugin-path', args.plugin_path, 'worker', '--config',
                                              'config.toml', '--task', 'task.in', '--result', 'task.out'], cwd=box),
    }
    return starts, loaders


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--tasks', type=int, default=200)
    p.add_argument('--workers', type=int, default=1, help='local work_queue_workers')
    p.add_argument('--starts', type=int, default=50, help='runs of each bare start')
    p.add_argument('--repeat', type=int, default=1, help='chains per build (medians of their medians)')
    p.add_argument('--host', default=str(ROOT / 'build' / 'bin' / 'taps-host'))
    p.add_argument('--plugin-path', default=str(ROOT / 'build' / 'plugins'))
    p.add_argument('--baseline-host', help='taps-host of another build to compare with')
    p.add_argument('--baseline-plugin-path')
    args = p.parse_args()
    builds = [('this build', args.host, args.plugin_path)]
    if args.baseline_host:
        builds.insert(0, ('baseline', args.baseline_host, args.baseline_plugin_path or
                          str(pathlib.Path(args.baseline_host).resolve().parent.parent / 'plugins')))
    print(f'# {os.uname().nodename}, {os.cpu_count()} cores, load {loadavg()}; sequential chain of {args.tasks} '
          f'no-op tasks, {args.workers} local worker(s), {args.repeat} chain(s) per build')
    with tempfile.TemporaryDirectory(prefix='taps-wq-breakdown-') as tmp:
        scratch = pathlib.Path(tmp)
        task = scratch / 'task.in'
        spans = {label: [] for label, _, _ in builds}
        last_run = None
        for r in range(args.repeat):
            for label, host, plugin_path in builds:
                out = scratch / f'runs-{label.replace(" ", "-")}-{r}'
                run_dir = run_chain(host, plugin_path, args, out, task)
                spans[label].append(breakdown(run_dir))
                if label == 'this build':
                    last_run = run_dir
        if not task.exists():
            sys.exit('no encoded task could be copied while the chain ran')
        starts, loaders = bare_starts(args, last_run, task, scratch)
    print('# per task, median ms (median over chains):')
    names = list(spans[builds[-1][0]][0])
    print('#   ' + f'{"span":10s}' + ''.join(f'{label:>14s}' for label, _, _ in builds))
    for name in names:
        print('#   ' + f'{name:10s}' + ''.join(
            f'{statistics.median(s[name] for s in spans[label]):14.2f}' for label, _, _ in builds))
    print('# bare starts in the same run (wall median ms / CPU mean ms):')
    for name, (wall, cpu) in starts.items():
        print(f'#   {name:40s} {wall:7.2f} / {cpu:6.2f}')
    for name, ms in loaders.items():
        if ms is not None:
            print(f'#   dynamic loader ({name}): {ms:.2f} ms')
    print(f'# load after: {loadavg()}')


if __name__ == '__main__':
    main()
