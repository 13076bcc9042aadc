"""One writer at a time per data directory, across processes and threads.

SQLite refuses a second writer outright (`database is locked`) and chromadb's
embedded store is not safe with two writing processes at all, so every write —
ingest, repair, embed — holds an exclusive `flock` on `<data_dir>/write.lock`.
Readers (ask, chat, the bot, the web server) never take it. The lock is re-entrant
within a process, so a command can hold it for a whole run while each store write
inside takes it again.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "write.lock"
# Left by a writer from taking the lock until it lets go after finishing: found with no writer
# at work, it says the last one was killed mid-write (the store is checked then: index.store).
UNFINISHED = "write.unfinished"


class WriterBusy(Exception):
    """Another process is writing to this data directory and we were told not to wait."""


class WriteLock:
    """The write lock of one data directory (one instance per directory and process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.unfinished = path.with_name(UNFINISHED)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def hold(self, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the lock; when another process has it, call `on_wait` and wait (or raise WriterBusy)."""
        if not self._thread_lock.acquire(blocking=wait):
            raise WriterBusy(f"another writer in this process holds {self.path}")
        try:
            if self._depth == 0:
                self._fd = self._acquire(wait, on_wait)
                self.unfinished.touch()
            self._depth += 1
            finished = False
            try:
                yield
                finished = True
            finally:
                self._depth -= 1
                if self._depth == 0 and self._fd is not None:
                    if finished:  # after an error the marker stays: the next opening checks the store
                        self.unfinished.unlink(missing_ok=True)
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
                    os.close(self._fd)
                    self._fd = None
        finally:
            self._thread_lock.release()

    def held_here(self) -> bool:
        """Whether this process holds the lock (a Store opened during its own write)."""
        return self._depth > 0

    def _acquire(self, wait: bool, on_wait: Callable[[], None] | None) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                os.close(fd)
                raise WriterBusy("another ingest, repair or embed is writing to this data directory") from None
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        return fd


_LOCKS: dict[Path, WriteLock] = {}
_LOCKS_GUARD = threading.Lock()


def write_lock(data_dir: str | Path) -> WriteLock:
    """The process-wide write lock of a data directory."""
    path = (Path(data_dir) / LOCK_NAME).resolve()
    with _LOCKS_GUARD:
        if path not in _LOCKS:
            _LOCKS[path] = WriteLock(path)
        return _LOCKS[path]
