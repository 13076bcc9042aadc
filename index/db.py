"""Opening the SQLite database so that several processes and threads can share it.

WAL mode: readers never wait for a writer and a writer never waits for readers.
Writers take their turn: a write transaction starts with BEGIN IMMEDIATE, which waits
(up to BUSY_TIMEOUT) for the write lock. A plain BEGIN would start as a reader and fail
at once with "database is locked" if another connection committed before its first
write — SQLite cannot upgrade a stale snapshot, and does not wait in that case.

Reading goes through the standard library's connection (`Database.execute`, `.query`);
sqlite-utils (its table API, for writes and migrations) is imported on first use: importing
it was a third of a figure answer's start-up (bench/startup.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT = 30.0  # seconds a write waits for another connection's transaction to end
# Of the file, how much is read through a memory map. The pages mapped are the system's file
# cache, but counted in the process's RSS: with 1 GB an asking process at 100,000 reports showed
# 710 MB, with 64 MB 383 MB, and answered no slower (bench/scale.py); [web] mmap_mb sets the server's.
MMAP_BYTES = 64 << 20
WAL_LIMIT = 64 << 20  # bytes the WAL file is cut back to when emptied


class Db(Protocol):
    """What reading and the index's own writes need of a connection: `Database` and sqlite-utils' alike."""

    @property
    def conn(self) -> sqlite3.Connection: ...

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor: ...

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Iterator[dict[str, Any]]: ...

    def table_names(self) -> list[str]: ...


class Database:
    """A connection read through the standard library, with sqlite-utils' API when a writer asks for it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Rows as dicts of column → value (sqlite-utils' `query`)."""
        cursor = self.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def table_names(self) -> list[str]:
        return [r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    @property
    def utils(self) -> sqlite_utils.Database:
        """The same connection in sqlite-utils (imported now: see the module's docstring)."""
        if self._utils is None:
            from . import _import_sqlite_utils_alone

            _import_sqlite_utils_alone()
            import sqlite_utils

            # No sqlite-utils plugins: what another package installs has no say in nianbao's connection.
            self._utils = sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._utils

    # sqlite-utils' table API, for the writers and migrations that use it.
    def table(self, name: str) -> Any:
        return self.utils.table(name)

    def __getitem__(self, name: str) -> Any:
        return self.utils[name]

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        with self.utils.atomic() as db:
            yield db


def checkpoint(db: Database) -> bool:
    """Copy the WAL into the database and empty it (after a large write: a migration), waiting
    at most a second for readers; whether it was emptied."""
    db.execute("PRAGMA busy_timeout = 1000")
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:  # read-only, or locked
        busy = 1
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    return not busy


def connect(path: str | Path, mmap_bytes: int = MMAP_BYTES) -> Database:
    """A connection in WAL mode with foreign keys on and a busy timeout; `mmap_bytes` of the
    file read through a memory map (0: none).

    Not tied to the opening thread: the service hands pooled connections from thread to
    thread, one thread at a time, and closes them from whichever thread shuts it down.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it (it did open every connection)
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")  # persistent: recorded in the file once
        except sqlite3.OperationalError:  # read-only, or busy: reading still works in the old mode
            pass
    db.execute("PRAGMA synchronous = NORMAL")  # WAL's recommended setting
    # A WAL file keeps the size of the largest transaction it ever held (a migration's: hundreds of
    # MB) unless told; a process opening the store alone reads what is valid of it, so keep it short.
    db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    # Read through memory-mapped pages rather than a copy per read into a 2 MB cache per
    # connection: a ranking over 10,000 reports read its cells in 16 ms instead of 65-85 ms.
    db.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
    db.execute("PRAGMA foreign_keys = ON")
    return db


@contextmanager
def write_transaction(db: Database | sqlite_utils.Database) -> Iterator[Database | sqlite_utils.Database]:
    """One transaction holding the write lock from its start: committed on success, else rolled back."""
    conn = db.conn
    if conn.in_transaction:  # already inside one (a caller's): a savepoint, as sqlite-utils does
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
