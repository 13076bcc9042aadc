"""How a report is stored compactly (migrations m006 and m009): a stored cell keeps only
what the template cannot give back, and a passage only what its report's text cannot.

A report's text is kept once, zlib-compressed, in `report_texts` (about 40 % of its UTF-8
size on the corpus's reports), in parts small enough to sit inside a b-tree page (`write_parts`).

A cell's report and metric are small integer keys (`report_keys`, `metric_keys`: both
tables live in the database, so a store reads the same even after the template's labels
change). Its label, cite and unit are NULL when they are its metric's ('' when the cell has
none); its raw text NULL when it is the value written as an integer ('' for no value); its
status NULL when it is 'reported' for a value, 'blank' for none. `encode_cell` leaves out
exactly what FIGURE_COLUMNS puts back, so the view `figures` reads as the old table did.
"""

from __future__ import annotations

import math
import zlib
from typing import Any

from .db import Db

# A value longer than about a quarter of a 4 KB page spills from a WITHOUT ROWID table's
# b-tree onto an overflow page of its own, mostly empty (measured: 5.4 KB a report for 2.9 KB
# of compressed tokens), and a rowid table fits one 3 KB value a page. Parts of this size
# fit four a page, full when they are appended in key order (a table keyed by a hash fills
# its pages to about 70 %: 4.4 KB for the same 2.9 KB).
PART_BYTES = 960

# How each column of the old `figures` table is read back from figure_cells c, metric_keys m
# and report_keys k (NULL in the cell: the metric's wording, or what the value implies).
COLUMN_SQL = {
    "report_id": "k.report_id",
    "metric": "m.key",
    "label": "CASE WHEN c.label IS NULL THEN m.label ELSE NULLIF(c.label, '') END",
    "cite": "CASE WHEN c.cite IS NULL THEN m.cite ELSE NULLIF(c.cite, '') END",
    "value": "c.value",
    "unit": "CASE WHEN c.unit IS NULL THEN m.unit ELSE NULLIF(c.unit, '') END",
    "raw": "COALESCE(c.raw, CASE WHEN c.value IS NULL THEN '' ELSE CAST(CAST(c.value AS INTEGER) AS TEXT) END)",
    "status": "COALESCE(c.status, CASE WHEN c.value IS NULL THEN 'blank' ELSE 'reported' END)",
    "note": "c.note",
    "line": "c.line",
    "page": "c.page",
}
FIGURE_COLUMNS = ", ".join(f"{sql} AS {name}" for name, sql in COLUMN_SQL.items())
KEY_SQL = "c.report_key"  # a report's small integer key (report_keys), for reads that skip the join
FIGURE_TABLES = "figure_cells c JOIN report_keys k ON k.key = c.report_key JOIN metric_keys m ON m.id = c.metric_id"
CELL_COLUMNS = ("report_key", "metric_id", "value", "raw", "status", "line", "page", "note", "unit", "label", "cite")


def write_parts(db: Db, table: str, column: str, key: object, data: bytes) -> None:
    """Store `data` under `key` in `table` (`column`, part, data), replacing what was there (does not commit)."""
    db.execute(f"DELETE FROM {table} WHERE {column} = ?", [key])
    db.conn.executemany(
        f"INSERT INTO {table} ({column}, part, data) VALUES (?, ?, ?)",
        [(key, n, data[i : i + PART_BYTES]) for n, i in enumerate(range(0, len(data), PART_BYTES))],
    )


def read_parts(db: Db, table: str, column: str, key: object) -> bytes | None:
    """What `write_parts` stored under `key` (None: nothing)."""
    parts = db.execute(f"SELECT data FROM {table} WHERE {column} = ? ORDER BY part", [key]).fetchall()
    return b"".join(p[0] for p in parts) if parts else None


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 9)


def unpack_text(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def template_wording(key: str) -> tuple[str | None, str | None, str | None]:
    """A metric's label, cite and unit in the template (None when the template does not know it)."""
    from ingest.template import METRICS

    m = METRICS.get(key)
    return (m.label, " › ".join(m.cite), m.unit) if m else (None, None, None)


def _derived_raw(value: float | None) -> str | None:
    """The raw text FIGURE_COLUMNS gives a cell stored without one (None: it cannot)."""
    if value is None:
        return ""
    if not math.isfinite(value) or abs(value) >= 2**53:  # beyond where SQLite's CAST and int() agree
        return None
    return str(int(value))


def _own(value: str | None, metric_value: str | None) -> str | None:
    """NULL when the metric says the same; '' for none when the metric says something."""
    return None if value == metric_value else (value if value is not None else "")


def encode_cell(report_key: int, metric: tuple[Any, ...], f: Any) -> tuple[Any, ...]:
    """The `figure_cells` row (CELL_COLUMNS) of an ingest.model.Figure; `metric`: its
    metric_keys row (id, label, cite, unit)."""
    metric_id, label, cite, unit = metric
    raw = None if f.raw == _derived_raw(f.value) else f.raw
    status = None if f.status == ("blank" if f.value is None else "reported") else f.status
    return (
        report_key,
        metric_id,
        f.value,
        raw,
        status,
        f.line,
        f.page,
        f.note,
        _own(f.unit, unit),
        _own(f.label, label),
        _own(f.cite, cite),
    )


def chunk_text(report_text: str, start: int, end: int) -> str:
    """The displayed text of the span start..end of a report's text."""
    from ingest.chunks import display_text

    return display_text(report_text[start:end])


def chunk_text_to_store(text: str, report_text: str | None, start: int | None, end: int | None) -> str | None:
    """A passage's text as stored: None when it is its span of the report's text as displayed."""
    if (
        report_text is not None
        and start is not None
        and end is not None
        and chunk_text(report_text, start, end) == text
    ):
        return None
    return text
