"""Worker processes that read untrusted files under limits, one file at a time each.

Every file is parsed in a worker, never in the process that holds the store, the upload
lock or the web server: a file that loops, balloons or crashes takes its worker down, not
us. In each worker (see `_serve`):

- RLIMIT_AS: its address space may grow by `max_memory_mb` over what it had once started
  (the parser and jieba's dictionary); past it allocations fail (MemoryError, refused).
- RLIMIT_CPU: a soft limit `max_cpu_seconds` past the CPU it had used before each file;
  the kernel's SIGXCPU then raises the refusal, once a second until the file is left.
- An interval timer does the same at `max_seconds` of wall time.
- Decompressed bytes and pages are metered by the readers (ingest.limits).

Here, the parent: a worker that has not answered `max_seconds` + GRACE after starting a
file (stuck in C code, deaf to signals) is killed. A worker that hit a limit, was killed
or died is replaced; the file it was reading is refused by name with the limit, the files
queued behind it are handed to others. A worker that died of no limit we can name (killed
from outside?) gets its file once more in a fresh worker before the file is refused.

Workers are started by "forkserver" (the parent may hold chromadb's threads, which a plain
fork would copy half-way) preloading index.prepare_worker; each watches its parent and
exits when the parent is gone, so a SIGKILLed `nianbao ingest` leaves no parser running.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ingest import limits as file_limits
from ingest.limits import LimitExceeded, Limits, refusal

log = logging.getLogger(__name__)

GRACE = 5.0  # seconds past max_seconds before a worker deaf to its own timer is killed
DEPTH = 2  # files queued in one worker's pipe: it starts the next while we store the last
RETRIES = 1  # more tries for a file whose worker died of no limit we can name
_MB = 1024 * 1024


@dataclass
class _Task:
    """One file to parse in a worker process."""

    index: int
    path: Path
    tries: int = 0


@dataclass
class _Worker:
    """A worker process and the task it is on."""

    process: Any
    conn: Connection
    tasks: deque[_Task] = field(default_factory=deque)  # handed to it, in order; the first may be started
    started: float | None = None  # when it started tasks[0]
    extra: float = 0.0  # seconds its file was granted past max_seconds (pages read by OCR)
    leaving: bool = False  # it hit a limit and exits after answering


class Sandbox:
    """`workers` worker processes reading files under `limits`; see the module's docstring."""

    def __init__(
        self,
        workers: int,
        limits: Limits,
        issuer: str | None,
        year: int | None,
        on_page: Callable[[Path], None] | None = None,
    ) -> None:
        self.limits, self.issuer, self.year = limits, issuer, year
        self.on_page = on_page  # told of each page (or picture) a worker reads by OCR, with its file
        self.context = multiprocessing.get_context("forkserver")
        # Loaded once in the forkserver, shared by every worker it forks.
        self.context.set_forkserver_preload(["index.prepare_worker"])
        _start_forkserver()
        self.size = max(1, workers)
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child_end, self.limits), daemon=True, name="nianbao-parser")
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        """End every worker (the files they hold are not needed any more)."""
        for worker in self.workers:
            worker.conn.close()
            worker.process.kill()
        for worker in self.workers:
            worker.process.join(5)
        self.workers = []

    def run(self, files: list[Path], ahead: int) -> Generator[tuple[int, Any], None, None]:
        """(index, Prepared) for each of `files`, in their order; at most `ahead` files are
        read past the one the caller is waiting for."""
        pending = deque(_Task(i, path) for i, path in enumerate(files))
        done: dict[int, Any] = {}
        following = 0  # the index the caller waits for
        while following < len(files):
            if following in done:
                yield following, done.pop(following)
                following += 1
                continue
            self._hand_out(pending, following + ahead)
            for worker, message in self._answers():
                self._take(worker, message, done, pending)

    def _hand_out(self, pending: deque[_Task], below: int) -> None:
        """Give queued files to workers with room, starting workers up to the pool's size."""
        while pending and pending[0].index < below:
            free = [w for w in self.workers if not w.leaving and len(w.tasks) < DEPTH]
            if not free and len(self.workers) < self.size:
                free = [self._start()]
            if not free:
                return
            worker = min(free, key=lambda w: len(w.tasks))
            task = pending.popleft()
            try:
                worker.conn.send((task.index, task.path, self.issuer, self.year))
            except OSError:  # it died meanwhile: the task goes back, the files it held to others
                pending.appendleft(task)
                if worker.tasks:
                    worker.leaving = True  # its death is seen, and its started file blamed, by _answers
                else:
                    self._retire(worker, pending)
                continue
            worker.tasks.append(task)

    def _answers(self) -> list[tuple[_Worker, Any]]:
        """Wait for messages from busy workers until one comes or a deadline passes; a worker
        past its deadline is killed and reported as (worker, "timeout")."""
        busy = [w for w in self.workers if w.tasks]
        if not busy:  # nothing to wait for (a worker just retired): hand out again
            return []
        now = time.monotonic()
        deadlines = [w.started + self.limits.max_seconds + w.extra + GRACE for w in busy if w.started is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        ready = wait([w.conn for w in busy], timeout)
        out: list[tuple[_Worker, Any]] = []
        for worker in busy:
            if worker.conn in ready:
                try:
                    out.append((worker, worker.conn.recv()))
                except (EOFError, OSError):
                    out.append((worker, "died"))
            elif (
                worker.started is not None
                and time.monotonic() > worker.started + self.limits.max_seconds + worker.extra + GRACE
            ):
                worker.process.kill()
                out.append((worker, "timeout"))
        return out

    def _take(self, worker: _Worker, message: Any, done: dict[int, Any], pending: deque[_Task]) -> None:
        if isinstance(message, tuple) and message[0] == "start":
            worker.started = time.monotonic()
            worker.extra = 0.0
        elif isinstance(message, tuple) and message[0] == "more":
            worker.extra += message[1]  # a page read by OCR: its file may take that much longer
            if self.on_page is not None and worker.tasks:
                self.on_page(worker.tasks[0].path)
        elif isinstance(message, tuple) and message[0] == "done":
            _, index, prepared, leaving = message
            worker.tasks.popleft()
            worker.started = None
            done[index] = prepared
            if leaving:  # a limit was hit: this worker ends, its queued files go to others
                worker.leaving = True
                self._retire(worker, pending)
        else:
            self._lost(worker, message, done, pending)

    def _lost(self, worker: _Worker, why: str, done: dict[int, Any], pending: deque[_Task]) -> None:
        """A worker died or was killed: blame the file it had started, requeue the rest."""
        from .prepare import Prepared

        worker.process.join(5)
        started = worker.tasks.popleft() if worker.tasks else None  # started, or killed its worker on the way
        self._retire(worker, pending)
        if started is None:
            return
        problem = self._cause(why, worker.process.exitcode)
        if problem is None and started.tries < RETRIES:
            log.warning(
                "a parsing worker process died (exit code %s) reading %s: it is read again in a new one",
                worker.process.exitcode,
                started.path,
            )
            pending.appendleft(_Task(started.index, started.path, started.tries + 1))
            return
        done[started.index] = Prepared(
            started.path,
            error=problem
            or (f"refused: the parsing worker died reading it (exit code {worker.process.exitcode}), twice"),
        )

    def _retire(self, worker: _Worker, pending: deque[_Task]) -> None:
        """Take `worker` out of the pool; the files it held but had not started are read by others."""
        for task in reversed(worker.tasks):
            pending.appendleft(task)
        worker.tasks.clear()
        worker.conn.close()
        if worker.process.is_alive():
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
        self.workers.remove(worker)
        # Keep pending in file order: a requeued file is always before those never handed out.
        ordered = sorted(pending, key=lambda t: t.index)
        pending.clear()
        pending.extend(ordered)

    def _cause(self, why: str, exitcode: int | None) -> str | None:
        """The limit a worker's end shows, worded as the refusal of its file; None when unknown
        (killed from outside, the out-of-memory killer, a crash: the file gets another try)."""
        lim = self.limits
        if why == "timeout":
            return str(refusal("max_seconds", f"reading it took more than {lim.max_seconds:g} s", lim.max_seconds))
        if exitcode == -signal.SIGXCPU:
            return str(
                refusal(
                    "max_cpu_seconds",
                    f"reading it used more than {lim.max_cpu_seconds:g} s of CPU",
                    lim.max_cpu_seconds,
                )
            )
        return None


def _start_forkserver() -> None:
    """Start the forkserver (once per process) importing this very copy of the code.

    Python 3.11's forkserver ignores the sys.path it is sent and keeps its own, where ""
    is the directory it was started in: run as `python -m` from a checkout that has since
    changed directory, its workers would import another installed copy, or none. So it is
    started with this checkout first on its PYTHONPATH."""
    from multiprocessing import forkserver

    root = str(Path(__file__).resolve().parents[1])
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([root, before] if before else [root])
    try:
        forkserver.ensure_running()
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


# ---------------------------------------------------------------- in the worker


def _serve(conn: Connection, limits: Limits) -> None:
    """A worker's life: read files sent down `conn` one by one, under `limits`, until the pipe
    closes or a file hits a limit (the state of a parser stopped mid-way is not trusted)."""
    from .prepare import prepare

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _exit_with_parent()
    file_limits.configure(limits)
    _limit_memory(limits.max_memory_mb)
    signal.signal(
        signal.SIGXCPU,
        _over(
            refusal(
                "max_cpu_seconds",
                f"reading it used more than {limits.max_cpu_seconds:g} s of CPU",
                limits.max_cpu_seconds,
            )
        ),
    )
    signal.signal(
        signal.SIGALRM,
        _over(refusal("max_seconds", f"reading it took more than {limits.max_seconds:g} s", limits.max_seconds)),
    )
    file_limits.on_grant(lambda seconds: _grant(conn, seconds))
    while True:
        try:
            index, path, issuer, year = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        conn.send(("start", index))
        _limit_cpu(limits.max_cpu_seconds)
        signal.setitimer(signal.ITIMER_REAL, limits.max_seconds, 1.0)
        try:
            prepared, hit = prepare(path, issuer, year, limits, tokenise=True), None
        except LimitExceeded as e:  # raised by a signal outside prepare's own handling
            from .prepare import Prepared

            prepared, hit = Prepared(path, error=str(e)), e.key
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _limit_cpu(None)
        hit = hit or prepared.limit
        conn.send(("done", index, prepared, hit is not None))
        if hit is not None:
            conn.close()
            os._exit(0)


def _grant(conn: Connection, seconds: float) -> None:
    """More CPU and wall time for the file being read (a page read by OCR); the parent is
    told, so it does not kill the worker at the first deadline."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if seconds > 0 and soft != resource.RLIM_INFINITY:
        raised = soft + int(seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (raised if hard == resource.RLIM_INFINITY else min(raised, hard), hard))
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if left > 0 and seconds > 0:
        signal.setitimer(signal.ITIMER_REAL, left + seconds, 1.0)
    conn.send(("more", seconds))


def _over(exceeded: LimitExceeded) -> Any:
    def handler(signum: int, frame: Any) -> None:
        raise LimitExceeded(exceeded.key, str(exceeded))

    return handler


def _limit_memory(mb: float) -> None:
    """Let the address space grow by `mb` over what this process already has."""
    try:
        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        size = 0
    limit = size + int(mb * _MB)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _limit_cpu(seconds: float | None) -> None:
    """A soft CPU limit `seconds` past what this process has used (None: lifted). The hard
    limit stays where it was: an unprivileged process could never raise it again."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if seconds is None:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _exit_with_parent() -> None:
    """End this worker when its parent is gone (its end of the start-up pipe closes then)."""
    parent = multiprocessing.parent_process()
    if parent is not None:

        def wait_then_exit() -> None:
            parent.join()
            os._exit(1)

        threading.Thread(target=wait_then_exit, daemon=True, name="exit-with-parent").start()
