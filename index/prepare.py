"""Everything ingest does to one file before it writes: check it, parse it, tokenise its
passages for the lexical index. Pure work on one file, so it can run in worker processes
while the main process, the only writer, stores the files in their input order.

Workers are started by "forkserver" (the parent may hold chromadb's threads, which a plain
fork would copy half-way); each watches its parent and exits when the parent is gone, so
a SIGKILLed `nianbao ingest` leaves no parser running. A run of fewer than
`POOL_MIN_FILES` files is parsed in the main process: the pool would cost more to start
than it saves.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import stat
import threading
from collections import deque
from collections.abc import Generator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ingest.model import IngestError, NotAReport, ParsedReport
from ingest.pipeline import parse_file

from .cores import default_workers
from .store import lexical_rows

log = logging.getLogger(__name__)

# Starting the pool costs about 2 s of one core before the first file is parsed (a
# forkserver importing the parser and loading jieba's dictionary), while the main process
# waits; parsing and tokenising in the main process costs ~20 ms a file (~35 ms on a busy
# machine) plus loading jieba once (0.9 s). With two workers the pool wins back its
# start-up after some 50 files on a quiet 2-core machine. Measured with
# bench/ingest_workers.py on this shared one (load average 2.3-3, medians of 3 paired runs,
# pool / one process): 1.45 at 32 files, 0.98 at 64, 0.86 at 128.
POOL_MIN_FILES = 64

# Files handed to the pool ahead of the one being stored: enough to keep every worker busy
# while the main process writes, few enough that parsed reports do not pile up in memory
# when writing is the slower side.
AHEAD_PER_WORKER = 4


@dataclass(frozen=True)
class Limits:
    """Work one file may cost; defaults from config.example.toml's [ingest]."""

    max_file_mb: float = 50.0
    max_passages: int = 2000


@dataclass
class Prepared:
    """One file, ready to store: its report (or why there is none) and, when tokenised
    in a worker, its lexical index rows (made with the issuer the file itself names)."""

    path: Path
    report: ParsedReport | None = None
    error: str | None = None
    lexical_rows: list[tuple[str, str, str, int]] | None = None
    skipped: str | None = None  # why a readable file that is no report was passed over (a README.md)


def unusable(path: Path, limits: Limits) -> str | None:
    """Why a path cannot be read as a report file, before reading a byte of it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISDIR(st.st_mode):
        return "a folder with no report files"
    if not stat.S_ISREG(st.st_mode):
        kind = "named pipe" if stat.S_ISFIFO(st.st_mode) else "device or socket"
        return f"not a regular file ({kind}): skipped"
    if st.st_size > limits.max_file_mb * 1024 * 1024:
        return (f"file too large ({st.st_size / 1024 / 1024:.1f} MB; the limit is {limits.max_file_mb:g} MB, "
                "[ingest] max_file_mb in the config)")
    if not os.access(path, os.R_OK):
        return "cannot read: permission denied"
    return None


def prepare(path: Path, issuer: str | None, year: int | None, limits: Limits, tokenise: bool) -> Prepared:
    """Check, parse and (with `tokenise`) tokenise one file; a file that cannot be used
    comes back with its error, never as an exception (other than a bug's)."""
    problem = unusable(path, limits)
    if problem:
        return Prepared(path, error=problem)
    try:
        report = parse_file(path, issuer=issuer, year=year)
    except NotAReport as e:
        if path.suffix.lower() in (".md", ".markdown"):  # notes beside the reports, not a broken report
            return Prepared(path, skipped=f"{e}: Markdown taken as notes, not a report")
        return Prepared(path, error=str(e))
    except IngestError as e:
        return Prepared(path, error=str(e))
    if len(report.chunks) > limits.max_passages:
        return Prepared(path, error=(f"{len(report.chunks)} passages, more than the {limits.max_passages} a report "
                                     "may have ([ingest] max_passages): is it many reports in one file?"))
    return Prepared(path, report, lexical_rows=lexical_rows(report) if tokenise else None)


def prepared(files: list[Path], issuer: str | None, year: int | None, limits: Limits,
             workers: int | None = None) -> Generator[Prepared, None, None]:
    """`prepare` each file, yielded in the order of `files`.

    With `workers` > 1 (None: the cores) and at least POOL_MIN_FILES files, in that many
    worker processes, a few files ahead of the caller; otherwise one by one in this process,
    untokenised (Store.save tokenises), exactly as a single process always did."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(files) < POOL_MIN_FILES:
        for path in files:
            yield prepare(path, issuer, year, limits, tokenise=False)
        return
    context = multiprocessing.get_context("forkserver")
    # Loaded once in the forkserver, shared by every worker it forks.
    context.set_forkserver_preload(["index.prepare_worker"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_started)
    ahead: deque[tuple[Path, Future[Prepared]]] = deque()  # handed to the pool, not yet yielded
    following = 0  # files[following:] are not handed to the pool yet
    broken = False
    try:
        while following < len(files) or ahead:
            while following < len(files) and len(ahead) < workers * AHEAD_PER_WORKER:
                ahead.append((files[following], pool.submit(prepare, files[following], issuer, year, limits, True)))
                following += 1
            done = ahead[0][1].result()
            ahead.popleft()
            yield done
    except BrokenProcessPool as e:
        broken = True
        log.warning("a parsing worker process died (%s): the %d files left are read in this one",
                    e, len(ahead) + len(files) - following)
    finally:
        # The caller may stop early (an error, Ctrl-C, a closed generator): drop what is queued.
        pool.shutdown(wait=True, cancel_futures=True)
    if broken:  # as one process would have read them: nothing lost, nothing read twice
        for path in [path for path, _ in ahead] + files[following:]:
            yield prepare(path, issuer, year, limits, tokenise=False)


def _worker_started() -> None:
    """In each worker: Ctrl-C is the parent's to handle, and the worker ends with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="exit-with-parent").start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    # The parent's end of this worker's start-up pipe closes only when the parent is gone.
    parent.join()
    os._exit(1)
