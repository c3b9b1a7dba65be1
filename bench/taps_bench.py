"""What the app benchmarks share: running one taps-host run and reading the summary its app wrote.

Imported by cholesky.py, mapreduce.py, fedlearn.py and physics.py (run from this folder or by path:
Python puts a script's own folder first on sys.path).
"""
from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, printed beside every figure: these machines are shared."""
    try:
        return ' '.join(pathlib.Path('/proc/loadavg').read_text().split()[:3])
    except OSError:
        return '?'


def run_summary(host: str, plugin_path: str, run_args: list[str], out_dir: pathlib.Path, summary: str,
                label: str) -> dict | None:
    """Runs `taps-host run RUN_ARGS` with its run directory under OUT_DIR and returns the app's
    SUMMARY file (e.g. cholesky.json) as a dict; None, after saying why on stderr, when the run
    failed. OUT_DIR is removed either way."""
    cmd = [host, '--plugin-path', plugin_path, 'run', *run_args,
           '--logging.level', 'WARNING', '--run.dir-format', str(out_dir) + '/{timestamp}']
    proc = subprocess.run(cmd, capture_output=True, text=True)
    results = sorted(out_dir.glob(f'*/{summary}'))
    try:
        if proc.returncode != 0 or not results:
            print(f'# {label} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}', file=sys.stderr)
            return None
        return json.loads(results[-1].read_text())
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
