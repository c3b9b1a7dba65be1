#!/usr/bin/python3
"""The Dask client of the taps `dask` executor.

taps-host's dask plugin starts this script with one end of a socketpair as
--fd N and trades frames with it: a header (magic, kind, seq, size: '<IIQQ',
see wire.hpp) and `size` bytes. The plugin sends encoded tasks; this bridge
submits each to Dask and answers with the encoded result or a failure.

On every Dask worker a WorkerPlugin keeps one long-lived generic taps worker
(`taps-host worker --config RUN/config.toml -- --fd N`) per worker thread; a
Dask task only pipes the encoded task to it and returns the result bytes,
so every app, transformer and filter runs on Dask unchanged and Dask never
interprets a payload.

Without --scheduler-address the bridge starts a LocalCluster (one thread
per worker process) and shuts it down with the run. The `if __name__ ==
"__main__"` guard matters: Dask starts its worker processes with
multiprocessing's spawn, which imports this file again.
"""

import argparse
import asyncio
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

# A format, not a struct.Struct: the worker-side code travels to Dask
# workers by value (cloudpickle), and a Struct does not pickle.
HEADER = "<IIQQ"
HEADER_SIZE = struct.calcsize(HEADER)
MAGIC = 0x4B534154  # "TASK" in little-endian bytes; the same in wire.hpp
TASK, SHUTDOWN, READY, RESULT, FAILED, LOG, FATAL = 1, 2, 3, 4, 5, 6, 7
LOG_INFO, LOG_WARNING = 2, 3  # taps_log_level values
OUTPUT_TAIL = 800  # bytes of a dead taps worker's output quoted in its task's failure
# How often the bridge's client may send to the scheduler: Dask's client
# batches its messages and sends at most every 10 ms, so with few tasks in
# flight a submission waits for the batch most of that time (a task costs
# Dask a few ms). Its workers send every 2 ms; the bridge does the same.
SCHEDULER_SEND_INTERVAL = 0.002
# A finished task's Dask future is released with the next submission rather
# than at once (one message to the scheduler instead of two), and at the
# latest after this long, so that results do not stay on the workers when
# no submission follows.
RELEASE_DELAY = 0.02


def failure(kind, message):
    """An exception a Dask task raises for a failure of type `kind`: a plain
    RuntimeError, which unpickles on the client whatever the worker's modules."""
    return RuntimeError("taps", kind, message)


def describe_status(status):
    if status is None:
        return "still ran"
    if status < 0:
        number = -status
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "signal %d" % number
        return "was killed by signal %d (%s)" % (number, name)
    return "exited with status %d" % status


class TapsProcess:
    """One `taps-host worker` on a Dask worker, serving encoded tasks one at a
    time over a socketpair."""

    def __init__(self, argv):
        parent, child = socket.socketpair()
        self.output = tempfile.TemporaryFile()
        env = dict(os.environ, TAPS_WORKER_PARENT_PID=str(os.getpid()))
        try:
            self.process = subprocess.Popen(argv + ["--", "--fd", str(child.fileno())], pass_fds=[child.fileno()],
                                            stdin=subprocess.DEVNULL, stdout=self.output, stderr=subprocess.STDOUT,
                                            env=env)
        except OSError as error:
            parent.close()
            raise failure("WorkerStartError", "cannot start the taps worker %s: %s" % (argv[0], error))
        finally:
            child.close()
        self.socket = parent

    def run(self, task, timeout, where):
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            header = struct.pack(HEADER, MAGIC, TASK, 0, len(task))
            # One system call (and one wakeup of the taps worker) for a small task.
            if len(task) < 65536:
                self.socket.sendall(header + task)
            else:
                self.socket.sendall(header)
                self.socket.sendall(task)
            magic, kind, _, size = struct.unpack(HEADER, self._read(HEADER_SIZE, deadline, timeout, where))
            if magic != MAGIC or kind != RESULT:
                raise self._died(where, "sent a corrupt frame")
            return self._read(size, deadline, timeout, where)
        except (BrokenPipeError, ConnectionResetError):
            raise self._died(where, "closed its socket")

    def _read(self, size, deadline, timeout, where):
        data = bytearray(size)
        view = memoryview(data)
        got = 0
        while got < size:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.socket], [], [], left)[0]:
                    self.stop()
                    raise failure("TimeoutError", "it ran longer than the timeout of %g s on Dask worker %s and "
                                  "its taps worker process was killed" % (timeout, where))
            n = self.socket.recv_into(view[got:])
            if n == 0:
                raise self._died(where, "ended")
            got += n
        return bytes(data)

    def _died(self, where, what):
        try:
            status = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.stop()
            status = self.process.returncode
        self.output.seek(0, os.SEEK_END)
        self.output.seek(max(0, self.output.tell() - OUTPUT_TAIL))
        tail = self.output.read().decode("utf-8", "replace").strip()
        return failure("WorkerCrashed", "the taps worker process (pid %d) running it on Dask worker %s %s: it %s%s"
                       % (self.process.pid, where, what, describe_status(status),
                          "; its output: " + tail if tail else ""))

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.socket.close()
        self.output.close()


def plugin_class():
    # Imported here: the client side of the bridge must be able to report a
    # missing distributed module as a clear error.
    from distributed.diagnostics.plugin import WorkerPlugin

    class TapsWorkers(WorkerPlugin):
        """Keeps the taps worker processes of one Dask worker: one per thread,
        started with the plugin, replaced when one dies."""

        name = "taps"

        def __init__(self, argv):
            self.argv = argv

        def setup(self, worker):
            self.lock = threading.Lock()
            self.idle = [TapsProcess(self.argv) for _ in range(worker.state.nthreads)]
            self.busy = set()

        def teardown(self, worker):
            with self.lock:
                for process in self.idle + list(self.busy):
                    process.stop()
                self.idle, self.busy = [], set()

        def run(self, task, timeout, where):
            with self.lock:
                process = self.idle.pop() if self.idle else None
            if process is not None and process.process.poll() is not None:
                # It died while idle (killed from outside): not this task's fault.
                process.stop()
                process = None
            if process is None:
                process = TapsProcess(self.argv)
            with self.lock:
                self.busy.add(process)
            try:
                result = process.run(task, timeout, where)
            except BaseException:
                with self.lock:
                    self.busy.discard(process)
                process.stop()
                raise
            with self.lock:
                self.busy.discard(process)
                self.idle.append(process)
            return result

    return TapsWorkers


def run_taps_task(task, timeout):
    """The Dask task: the encoded task in, the encoded result out."""
    from distributed import get_worker

    worker = get_worker()
    return worker.plugins["taps"].run(task, timeout, worker.address)


class Bridge:
    def __init__(self, args):
        self.args = args
        self.client = None
        self.cluster = None
        self.lost = None  # why the scheduler cannot be reached any more
        self.running = {}  # seq -> asyncio task waiting for its Dask future
        self.writer = None
        self.closing = False
        self.registered = False
        self.finished = []  # futures whose results are back, released with the next submission
        self.release_timer = None

    # ---- frames to the plugin ------------------------------------------------------

    def send(self, kind, seq=0, body=b""):
        # One write: the header alone would be a system call (and a wakeup of
        # taps-host's reader) of its own.
        header = struct.pack(HEADER, MAGIC, kind, seq, len(body))
        self.writer.write(header + body if len(body) < 65536 else header)
        if len(body) >= 65536:
            self.writer.write(body)

    def log(self, level, message):
        self.send(LOG, level, message.encode())

    def fail(self, seq, kind, message):
        self.send(FAILED, seq, kind.encode() + b"\0" + message.encode())

    # ---- the cluster ------------------------------------------------------------------

    def worker_argv(self):
        argv = [self.args.worker_program]
        for directory in filter(None, self.args.plugin_path.split(":")):
            argv += ["--plugin-path", directory]
        return argv + ["worker", "--config", self.args.config]

    async def connect(self):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise RuntimeError("%s: %s has no Dask distributed (Debian: apt-get install python3-distributed)"
                               % (error, sys.executable))

        # A task whose worker dies fails at once as WorkerLost instead of
        # running again elsewhere; the engine decides what happens next.
        dask.config.set({"distributed.scheduler.allowed-failures": 0,
                         "distributed.worker.daemon": self.args.daemon_workers})
        if self.args.scheduler_address:
            self.where = "the Dask scheduler at " + self.args.scheduler_address
            self.client = await Client(self.args.scheduler_address, asynchronous=True,
                                       timeout=self.args.connect_timeout)
            retries = await self.client.run_on_scheduler(
                lambda: __import__("dask").config.get("distributed.scheduler.allowed-failures"))
            if retries:
                self.log(LOG_WARNING, "%s reruns a task whose worker died up to %s times "
                         "(distributed.scheduler.allowed-failures); such a task fails as WorkerLost only after "
                         "that" % (self.where, retries))
        else:
            self.cluster = await LocalCluster(n_workers=self.args.workers, threads_per_worker=1, processes=True,
                                              host="127.0.0.1", dashboard_address=None, asynchronous=True)
            self.where = "a local Dask cluster of %d worker processes at %s" % (
                self.args.workers, self.cluster.scheduler_address)
            self.client = await Client(self.cluster, asynchronous=True)
        self.client.scheduler_comm.interval = SCHEDULER_SEND_INTERVAL
        await self.client.register_worker_plugin(plugin_class()(self.worker_argv()), name="taps")
        self.registered = True
        workers = len(self.client.scheduler_info()["workers"])
        return "connected to %s, %d worker(s) now" % (self.where, workers)

    async def close(self):
        self.closing = True
        for waiting in list(self.running.values()):
            waiting.cancel()
        if self.registered and self.lost is None:
            try:
                # Ends the taps worker processes on workers that outlive the run.
                await asyncio.wait_for(self.client.unregister_worker_plugin("taps"), 10)
            except Exception:
                pass
        if self.client is not None:
            await self.client.close()
        if self.cluster is not None:
            await self.cluster.close()

    # ---- tasks --------------------------------------------------------------------------

    async def run_task(self, seq, task):
        try:
            if self.lost is not None:
                self.fail(seq, "SchedulerLost", self.lost)
                return
            future = self.client.submit(run_taps_task, task, self.args.timeout or None, key="taps-%d" % seq,
                                        pure=False)
            self.release_finished()
            result = await future
            self.send(RESULT, seq, result)
            self.finished.append(future)
            if self.release_timer is None:
                self.release_timer = asyncio.get_running_loop().call_later(RELEASE_DELAY, self.release_finished)
        except asyncio.CancelledError:
            if self.closing:
                raise
            if seq not in self.running:
                return  # lose_scheduler() has reported it already
            self.lose_scheduler()
            self.fail(seq, "SchedulerLost", self.lost)
        except Exception as error:
            self.fail(seq, *self.explain(error))
        finally:
            self.running.pop(seq, None)

    def release_finished(self):
        """Drops the futures of finished tasks: Dask releases their keys (in
        the batch of the submission that triggered this, if any)."""
        self.finished.clear()
        if self.release_timer is not None:
            self.release_timer.cancel()
            self.release_timer = None

    def lose_scheduler(self):
        if self.lost is None:
            self.lost = "the connection to %s was lost (client status: %s)" % (self.where, self.client.status)
            self.log(LOG_WARNING, self.lost)
            # Every task in flight went with the scheduler: report them all now, not as each
            # one's future happens to notice, so taps-host learns it before the run ends and
            # cancels what is left.
            current = asyncio.current_task()
            for other, waiting in list(self.running.items()):
                if waiting is not current:
                    del self.running[other]
                    waiting.cancel()
                    self.fail(other, "SchedulerLost", self.lost)

    def explain(self, error):
        from distributed.scheduler import KilledWorker

        if isinstance(error, RuntimeError) and len(error.args) == 3 and error.args[0] == "taps":
            return error.args[1], error.args[2]
        if isinstance(error, KilledWorker):
            return "WorkerLost", "the Dask worker running it died (Dask: %s)" % error
        if self.client.status not in ("running", "newly-created"):
            self.lose_scheduler()
            return "SchedulerLost", self.lost
        return "DaskError", "Dask could not run it: %s: %s" % (type(error).__name__, error)

    async def serve(self, reader):
        while True:
            try:
                header = await reader.readexactly(HEADER_SIZE)
            except asyncio.IncompleteReadError:
                return  # taps-host went away
            magic, kind, seq, size = struct.unpack(HEADER, header)
            if magic != MAGIC:
                raise RuntimeError("corrupt frame from taps-host")
            body = await reader.readexactly(size) if size else b""
            if kind == SHUTDOWN:
                return
            if kind == TASK:
                self.running[seq] = asyncio.ensure_future(self.run_task(seq, body))

    async def main(self):
        sock = socket.socket(fileno=self.args.fd)
        reader, self.writer = await asyncio.open_connection(sock=sock, limit=1 << 20)
        try:
            try:
                ready = await asyncio.wait_for(self.connect(), self.args.connect_timeout)
            except asyncio.TimeoutError:
                what = ("the Dask scheduler at " + self.args.scheduler_address if self.args.scheduler_address
                        else "a local Dask cluster")
                self.send(FATAL, 0, ("could not start or reach %s within %g s" %
                                     (what, self.args.connect_timeout)).encode())
                return 1
            except Exception as error:
                self.send(FATAL, 0, ("%s: %s" % (type(error).__name__, error)).encode())
                return 1
            self.send(READY, 0, ready.encode())
            await self.serve(reader)
            return 0
        finally:
            await self.writer.drain()
            await self.close()
            self.writer.close()


def main():
    parser = argparse.ArgumentParser(description="The Dask client of taps' dask executor (started by taps-host).")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--worker-program", required=True)
    parser.add_argument("--plugin-path", default="")
    parser.add_argument("--scheduler-address", default="")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--daemon-workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=0)
    parser.add_argument("--connect-timeout", type=float, default=60)
    args = parser.parse_args()
    args.daemon_workers = bool(args.daemon_workers)
    # taps-host handles the terminal's Ctrl-C and then closes the socket.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(asyncio.run(Bridge(args).main()))


if __name__ == "__main__":
    main()
