"""CSV that a spreadsheet opens as data, never as formulas (OWASP's "CSV injection").

Every CSV nianbao writes (the web page's exports, `ask --csv`, the Telegram attachment)
carries text from reports and questions, which anyone can write: a cell starting with
`=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and WPS
(`=HYPERLINK(…)`, `-2+3+cmd|' /C calc'!A0`). Such a cell gets a single quote in front,
which the spreadsheet shows as text. A cell that is a number and nothing else (`-18`,
`+3.5`) is left alone: it is no formula, and a quote would make a figure text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from ingest.textmatch import lazy

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = lazy(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell a spreadsheet will not run: numbers as they are, risky text quoted."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    head = value.lstrip(" ")  # some programs skip leading spaces before reading a formula
    if head.startswith(_TRIGGERS) and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of a DictWriter with every cell made safe."""
    return {k: safe_cell(v) for k, v in row.items()}


def csv_text(rows: Iterable[dict[str, Any]], fields: list[str]) -> str:
    """Rows as CSV text with a header line, every cell made safe (no byte-order mark)."""
    import csv  # here: a figure answer's process writes no CSV

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_row({k: r.get(k) for k in fields}) for r in rows)
    return buffer.getvalue()
