"""Everything ingest does to one file before it writes: check it, parse it, tokenise its
passages for the lexical index. Pure work on one file, done in worker processes under the
limits of `[ingest]` (index.sandbox) while the main process, the only writer, stores the
files in their input order.

Every file goes through a limited worker, however few there are: a file is untrusted input
(a compression bomb, a PDF whose parser loops forever), and the process that holds the
store, the upload lock or the web server must not be the one that reads it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from ingest.limits import LimitExceeded, Limits, out_of_memory
from ingest.model import IngestError, NotAReport, ParsedReport
from ingest.pipeline import parse_file

from .cores import default_workers
from .store import lexical_rows

__all__ = ["Limits", "Prepared", "prepare", "prepared", "unusable"]

# Files handed to workers ahead of the one being stored: enough to keep every worker busy
# while the main process writes, few enough that parsed reports do not pile up in memory
# when writing is the slower side.
AHEAD_PER_WORKER = 4


@dataclass
class Prepared:
    """One file, ready to store: its report (or why there is none) and, when tokenised
    in a worker, its lexical index rows (made with the issuer the file itself names)."""

    path: Path
    report: ParsedReport | None = None
    error: str | None = None
    lexical_rows: list[tuple[str, str, str, int]] | None = None
    skipped: str | None = None  # why a readable file that is no report was passed over (a README.md)
    limit: str | None = None  # the [ingest] key of the limit the file hit, if it hit one


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
        return (
            f"file too large ({st.st_size / 1024 / 1024:.1f} MB; the limit is {limits.max_file_mb:g} MB, "
            "[ingest] max_file_mb in the config)"
        )
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
        return _prepared(path, issuer, year, limits, tokenise)
    except LimitExceeded as e:
        return Prepared(path, error=str(e), limit=e.key)
    except MemoryError:  # past the readers (chunking, tokenising): the same limit
        return Prepared(path, error=str(out_of_memory()), limit="max_memory_mb")


def _prepared(path: Path, issuer: str | None, year: int | None, limits: Limits, tokenise: bool) -> Prepared:
    try:
        report = parse_file(path, issuer=issuer, year=year)
    except NotAReport as e:
        if path.suffix.lower() in (".md", ".markdown"):  # notes beside the reports, not a broken report
            return Prepared(path, skipped=f"{e}: Markdown taken as notes, not a report")
        return Prepared(path, error=str(e))
    except IngestError as e:
        return Prepared(path, error=str(e))
    if len(report.chunks) > limits.max_passages:
        return Prepared(
            path,
            error=(
                f"{len(report.chunks)} passages, more than the {limits.max_passages} a report "
                "may have ([ingest] max_passages): is it many reports in one file?"
            ),
        )
    return Prepared(path, report, lexical_rows=lexical_rows(report) if tokenise else None)


def prepared(
    files: list[Path],
    issuer: str | None,
    year: int | None,
    limits: Limits,
    workers: int | None = None,
    on_page: Callable[[Path], None] | None = None,
) -> Generator[Prepared, None, None]:
    """`prepare` each file in a limited worker process (index.sandbox), yielded in the order
    of `files`: `workers` of them (None: the cores), no more than there are files. `on_page`:
    told of each page read by OCR, with its file."""
    from .sandbox import Sandbox

    if not files:
        return
    workers = max(1, min(default_workers() if workers is None else workers, len(files)))
    sandbox = Sandbox(workers, limits, issuer, year, on_page)
    try:
        for _, done in sandbox.run(files, ahead=workers * AHEAD_PER_WORKER):
            yield done
    finally:
        # The caller may stop early (an error, Ctrl-C, a closed generator): the workers go.
        sandbox.close()
