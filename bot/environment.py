"""Problems of the machine, not of the input or of our code, each told in one line: the
command line exits 2 with it, `nianbao serve` answers 503 with it. One place decides what
counts: a store that is locked, read-only, full or damaged, a Chroma server that is down
(at start or mid-run), a disk that is full.
"""

from __future__ import annotations

import errno
import sqlite3

_DISK = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT)


def environment_problem(exc: BaseException) -> str | None:
    """The one-line message for `exc` when the machine is to blame; None when it is not
    (a bug, or input the caller reports itself)."""
    from index.vectors import VectorServerError

    if isinstance(exc, VectorServerError):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, disk I/O, full
        return f"the store cannot be used: {exc}"
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return None  # our bug, not the machine's
    if isinstance(exc, sqlite3.DatabaseError):  # "file is not a database", "database disk image is malformed"
        return f"the store cannot be used: {exc} (nianbao.db is damaged: restore it, or move it away and ingest again)"
    if isinstance(exc, OSError) and exc.errno in _DISK:
        return f"{exc.strerror}: {exc.filename or 'the data directory'}"
    return _unreachable(exc)


def _unreachable(exc: BaseException) -> str | None:
    """A server that stopped answering mid-run (the Chroma server: chromadb talks over httpx)."""
    try:
        import httpx
    except ImportError:  # pragma: no cover (chromadb depends on it)
        return None
    if not isinstance(exc, httpx.TransportError):
        return None
    try:
        where = f"{exc.request.url.scheme}://{exc.request.url.netloc.decode()}"
    except RuntimeError:  # no request attached
        where = "a server"
    return f"cannot reach {where} (the Chroma server of [vectors] url?): {exc}"
